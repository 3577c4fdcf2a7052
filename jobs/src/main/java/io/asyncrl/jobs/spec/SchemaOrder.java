package io.asyncrl.jobs.spec;

import io.asyncrl.schemas.ExperimentSpec;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.avro.Schema;

/** Orders errors like the fields of ExperimentSpec.avsc, which is the order of a well-formed spec file. */
final class SchemaOrder {
    private SchemaOrder() {}

    /** Stable: errors on the same field keep their relative order. */
    static final Comparator<SpecError> ERRORS = (a, b) -> Arrays.compare(position(a.field()), position(b.field()));

    /** Indexes of the path's fields in their records; {@code yaml} and {@code file} first, unknown fields last. */
    static int[] position(String path) {
        if (path.equals("yaml") || path.equals("file")) {
            return new int[] {-1};
        }
        String[] parts = path.split("\\.");
        int[] position = new int[parts.length];
        Schema schema = ExperimentSpec.getClassSchema();
        for (int i = 0; i < parts.length; i++) {
            Schema.Field field = schema == null ? null : schema.getField(parts[i]);
            if (field == null) {
                position[i] = Integer.MAX_VALUE;
                schema = null;
                continue;
            }
            position[i] = field.pos();
            schema = recordOf(field.schema());
        }
        return position;
    }

    private static Schema recordOf(Schema schema) {
        if (schema.getType() == Schema.Type.RECORD) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(t -> t.getType() == Schema.Type.RECORD).findFirst().orElse(null);
        }
        return null;
    }
}
