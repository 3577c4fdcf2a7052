package io.asyncrl.operators.stage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * An upper bound of a record's Avro binary encoding, without encoding it: what {@link BatchingOutput}
 * adds up to keep a batch under its byte cap. Per the Avro specification
 * (https://avro.apache.org/docs/1.12.0/specification/#binary-encoding) ints, enum and union indexes are
 * zig-zag varints of at most 5 bytes, longs (and the lengths of strings, bytes, arrays and maps) at
 * most 10, floats 4, doubles 8, booleans 1; a string's UTF-8 bytes are at most 3 per Java char; an
 * array or map is written as one block (count, items, a 0 terminator).
 *
 * <p>A record schema's fields of bounded size are summed once into a constant (a Trajectory's ten
 * ints and five longs); only the fields of variable size (strings, arrays, maps, unions, records
 * holding them) are looked at per record, so the bound costs a few field reads, not an encoding.
 */
final class AvroSizeBound {
    private static final Map<Schema, Plan> PLANS = new ConcurrentHashMap<>();

    private AvroSizeBound() {}

    /** At least the number of bytes {@code datum} takes in Avro binary encoding with {@code schema}. */
    static long of(Schema schema, Object datum) {
        switch (schema.getType()) {
            case RECORD:
                return plan(schema).bound((IndexedRecord) datum);
            case UNION:
                return 5 + of(schema.getTypes().get(SpecificData.get().resolveUnion(schema, datum)), datum);
            case STRING:
                return 10 + 3L * ((CharSequence) datum).length();
            case BYTES:
                return 10 + ((ByteBuffer) datum).remaining();
            case ARRAY: {
                Collection<?> items = (Collection<?>) datum;
                if (items.isEmpty()) {
                    return 1;
                }
                long fixed = fixedBound(schema.getElementType());
                if (fixed >= 0) {
                    return 11 + fixed * items.size();
                }
                long sum = 11;
                for (Object item : items) {
                    sum += of(schema.getElementType(), item);
                }
                return sum;
            }
            case MAP: {
                Map<?, ?> entries = (Map<?, ?>) datum;
                if (entries.isEmpty()) {
                    return 1;
                }
                long sum = 11;
                for (Map.Entry<?, ?> e : entries.entrySet()) {
                    sum += 10 + 3L * e.getKey().toString().length() + of(schema.getValueType(), e.getValue());
                }
                return sum;
            }
            default:
                return fixedBound(schema);
        }
    }

    /** The bound of a type whose encoding has a maximum size whatever the value, else -1. */
    private static long fixedBound(Schema schema) {
        return switch (schema.getType()) {
            case NULL -> 0;
            case BOOLEAN -> 1;
            case INT, ENUM -> 5;
            case LONG -> 10;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> schema.getFixedSize();
            case RECORD -> plan(schema).variable.length == 0 ? plan(schema).constant : -1;
            default -> -1;
        };
    }

    private static Plan plan(Schema record) {
        Plan p = PLANS.get(record);
        if (p == null) {
            p = new Plan(record);
            PLANS.put(record, p);
        }
        return p;
    }

    /** A record schema: the summed bound of its fixed-size fields and the positions of the others. */
    private static final class Plan {
        final long constant;
        final int[] variable;
        final Schema[] variableSchemas;

        Plan(Schema record) {
            long c = 0;
            List<Schema.Field> rest = new ArrayList<>();
            for (Schema.Field f : record.getFields()) {
                long b = fixedBound(f.schema());
                if (b >= 0) {
                    c += b;
                } else {
                    rest.add(f);
                }
            }
            constant = c;
            variable = rest.stream().mapToInt(Schema.Field::pos).toArray();
            variableSchemas = rest.stream().map(Schema.Field::schema).toArray(Schema[]::new);
        }

        long bound(IndexedRecord r) {
            long sum = constant;
            for (int i = 0; i < variable.length; i++) {
                sum += of(variableSchemas[i], r.get(variable[i]));
            }
            return sum;
        }
    }
}
