package io.asyncrl.connectors.arrow;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** One column of a table written by {@link ArrowTableWriter}: name, Arrow type, and how to read it from a row. */
final class ArrowColumn<R> {

    private enum Kind { INT32, INT64, FLOAT64, UTF8 }

    private final String name;
    private final Kind kind;
    private final boolean nullable;
    private final Function<R, ?> value;
    /**
     * The getter of a non-null int32, int64 or float64 column ({@link ToIntFunction}, {@link ToLongFunction} or
     * {@link ToDoubleFunction}), which {@link #set} calls without boxing the value; null for the other columns.
     */
    private final Object primitive;
    private final String description;
    private final String unit;

    private ArrowColumn(String name, Kind kind, boolean nullable, Function<R, ?> value) {
        this(name, kind, nullable, value, null, null, null);
    }

    private ArrowColumn(String name, Kind kind, Object primitive, Function<R, ?> value) {
        this(name, kind, false, value, primitive, null, null);
    }

    private ArrowColumn(String name, Kind kind, boolean nullable, Function<R, ?> value, Object primitive,
            String description, String unit) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.nullable = nullable;
        this.value = Objects.requireNonNull(value, "value");
        this.primitive = primitive;
        this.description = description;
        this.unit = unit;
    }

    /** This column with its documentation ({@link OutputColumns}), stored as the Arrow field's metadata. */
    ArrowColumn<R> documented(OutputColumns.Doc doc) {
        return new ArrowColumn<>(name, kind, nullable, value, primitive, doc.description(), doc.unit());
    }

    static <R> ArrowColumn<R> int32(String name, ToIntFunction<R> value) {
        return new ArrowColumn<>(name, Kind.INT32, value, r -> value.applyAsInt(r));
    }

    /** An int32 column whose getter returns null for a missing value. */
    static <R> ArrowColumn<R> nullableInt32(String name, Function<R, Integer> value) {
        return new ArrowColumn<>(name, Kind.INT32, true, value);
    }

    static <R> ArrowColumn<R> int64(String name, ToLongFunction<R> value) {
        return new ArrowColumn<>(name, Kind.INT64, value, r -> value.applyAsLong(r));
    }

    static <R> ArrowColumn<R> float64(String name, ToDoubleFunction<R> value) {
        return new ArrowColumn<>(name, Kind.FLOAT64, value, r -> value.applyAsDouble(r));
    }

    /** A float64 column whose getter returns null for a missing value. */
    static <R> ArrowColumn<R> nullableFloat64(String name, Function<R, Double> value) {
        return new ArrowColumn<>(name, Kind.FLOAT64, true, value);
    }

    static <R> ArrowColumn<R> utf8(String name, Function<R, String> value) {
        return new ArrowColumn<>(name, Kind.UTF8, false, value);
    }

    String name() {
        return name;
    }

    Field field() {
        ArrowType type;
        switch (kind) {
            case INT32:
                type = new ArrowType.Int(32, true);
                break;
            case INT64:
                type = new ArrowType.Int(64, true);
                break;
            case FLOAT64:
                type = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
                break;
            default:
                type = ArrowType.Utf8.INSTANCE;
        }
        Map<String, String> metadata = null;
        if (description != null) {
            metadata = new LinkedHashMap<>();
            metadata.put(OutputColumns.DESCRIPTION, description);
            metadata.put(OutputColumns.UNIT, unit);
        }
        return new Field(name, new FieldType(nullable, type, null, metadata), null);
    }

    /** Writes {@code row}'s value into {@code vector} at {@code index}, growing the vector as needed. */
    @SuppressWarnings("unchecked")
    void set(FieldVector vector, int index, R row) {
        if (primitive != null) {
            switch (kind) {
                case INT32:
                    ((IntVector) vector).setSafe(index, ((ToIntFunction<R>) primitive).applyAsInt(row));
                    return;
                case INT64:
                    ((BigIntVector) vector).setSafe(index, ((ToLongFunction<R>) primitive).applyAsLong(row));
                    return;
                default:
                    ((Float8Vector) vector).setSafe(index, ((ToDoubleFunction<R>) primitive).applyAsDouble(row));
                    return;
            }
        }
        Object v = value.apply(row);
        if (v == null) {
            if (!nullable) {
                throw new IllegalArgumentException("column '" + name + "' is not nullable but row " + index + " has no value");
            }
            switch (kind) {
                case INT32:
                    ((IntVector) vector).setNull(index);
                    break;
                case INT64:
                    ((BigIntVector) vector).setNull(index);
                    break;
                case FLOAT64:
                    ((Float8Vector) vector).setNull(index);
                    break;
                default:
                    ((VarCharVector) vector).setNull(index);
            }
            return;
        }
        switch (kind) {
            case INT32:
                ((IntVector) vector).setSafe(index, (Integer) v);
                break;
            case INT64:
                ((BigIntVector) vector).setSafe(index, (Long) v);
                break;
            case FLOAT64:
                ((Float8Vector) vector).setSafe(index, (Double) v);
                break;
            default:
                ((VarCharVector) vector).setSafe(index, ((String) v).getBytes(StandardCharsets.UTF_8));
        }
    }
}
