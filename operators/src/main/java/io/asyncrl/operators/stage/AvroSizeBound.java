package io.asyncrl.operators.stage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * An upper bound of a record's Avro binary encoding, without encoding it: what {@link BatchingOutput}
 * adds up to keep a batch under its byte cap. Per the Avro specification
 * (https://avro.apache.org/docs/1.12.0/specification/#binary-encoding) ints, enum and union indexes are
 * zig-zag varints of at most 5 bytes, longs (and the lengths of strings, bytes, arrays and maps) at
 * most 10, floats 4, doubles 8, booleans 1; a string's UTF-8 bytes are at most 3 per Java char; an
 * array or map is written as one block (count, items, a 0 terminator).
 *
 * <p>Each schema is compiled once into a tree of bounds: a record's fields of bounded size are summed
 * into a constant (a Trajectory's ten ints and five longs) and only its fields of variable size
 * (strings, arrays, maps, unions, records holding them) are read per record, so a bound costs a few
 * field reads, not an encoding (nor a schema lookup: equal schemas are distinct objects in the
 * generated classes, and comparing them was most of the cost of a first version).
 */
final class AvroSizeBound {
    /** The compiled bound of each generated record class. */
    private static final ClassValue<Bound> BY_CLASS = new ClassValue<>() {
        @Override
        protected Bound computeValue(Class<?> type) {
            return compile(SpecificData.get().getSchema(type));
        }
    };

    private AvroSizeBound() {}

    /** At least the number of bytes {@code record} takes in Avro binary encoding. */
    static long of(SpecificRecord record) {
        return BY_CLASS.get(record.getClass()).of(record);
    }

    /** At least the number of bytes {@code datum} takes in Avro binary encoding with {@code schema}. */
    static long of(Schema schema, Object datum) {
        return compile(schema).of(datum);
    }

    /** The bound of one schema's values. */
    private interface Bound {
        long of(Object datum);

        /** The bound of every value when it does not depend on the value, else -1. */
        default long fixed() {
            return -1;
        }
    }

    private record Fixed(long bytes) implements Bound {
        @Override
        public long of(Object datum) {
            return bytes;
        }

        @Override
        public long fixed() {
            return bytes;
        }
    }

    private static Bound compile(Schema schema) {
        return switch (schema.getType()) {
            case NULL -> new Fixed(0);
            case BOOLEAN -> new Fixed(1);
            case INT, ENUM -> new Fixed(5);
            case LONG -> new Fixed(10);
            case FLOAT -> new Fixed(4);
            case DOUBLE -> new Fixed(8);
            case FIXED -> new Fixed(schema.getFixedSize());
            case STRING -> datum -> 10 + 3L * ((CharSequence) datum).length();
            case BYTES -> datum -> 10 + ((ByteBuffer) datum).remaining();
            case ARRAY -> array(compile(schema.getElementType()));
            case MAP -> map(compile(schema.getValueType()));
            case UNION -> union(schema);
            case RECORD -> record(schema);
        };
    }

    private static Bound array(Bound element) {
        long fixed = element.fixed();
        return datum -> {
            Collection<?> items = (Collection<?>) datum;
            if (items.isEmpty()) {
                return 1;
            }
            if (fixed >= 0) {
                return 11 + fixed * items.size();
            }
            long sum = 11;
            for (Object item : items) {
                sum += element.of(item);
            }
            return sum;
        };
    }

    private static Bound map(Bound value) {
        return datum -> {
            Map<?, ?> entries = (Map<?, ?>) datum;
            if (entries.isEmpty()) {
                return 1;
            }
            long sum = 11;
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                sum += 10 + 3L * e.getKey().toString().length() + value.of(e.getValue());
            }
            return sum;
        };
    }

    private static Bound union(Schema schema) {
        List<Bound> branches = new ArrayList<>();
        for (Schema branch : schema.getTypes()) {
            branches.add(compile(branch));
        }
        return datum -> 5 + branches.get(SpecificData.get().resolveUnion(schema, datum)).of(datum);
    }

    private static Bound record(Schema schema) {
        long constant = 0;
        List<Integer> positions = new ArrayList<>();
        List<Bound> bounds = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            Bound b = compile(f.schema());
            if (b.fixed() >= 0) {
                constant += b.fixed();
            } else {
                positions.add(f.pos());
                bounds.add(b);
            }
        }
        if (positions.isEmpty()) {
            return new Fixed(constant);
        }
        long sumOfFixed = constant;
        int[] at = positions.stream().mapToInt(Integer::intValue).toArray();
        Bound[] variable = bounds.toArray(Bound[]::new);
        return datum -> {
            IndexedRecord r = (IndexedRecord) datum;
            long sum = sumOfFixed;
            for (int i = 0; i < at.length; i++) {
                sum += variable[i].of(r.get(at[i]));
            }
            return sum;
        };
    }
}
