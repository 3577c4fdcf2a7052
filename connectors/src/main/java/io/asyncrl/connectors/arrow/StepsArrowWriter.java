package io.asyncrl.connectors.arrow;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import io.asyncrl.schemas.StepReport;

import org.apache.avro.Schema;

/**
 * {@code steps.arrow}: one row per training step, one column per {@link StepReport} field, named
 * as in the Avro schema (snake_case) and typed int32, int64 or float64 as there. The columns are
 * derived from the schema, so a field added to StepReport appears here once {@link OutputColumns} documents it.
 */
public final class StepsArrowWriter {

    private static final ArrowTableWriter<StepReport> WRITER = new ArrowTableWriter<>(columns());

    private StepsArrowWriter() {
    }

    /** Writes {@code steps} to {@code file} in the given order, replacing any existing file. */
    public static void write(Path file, String experimentId, List<StepReport> steps) {
        WRITER.write(file, experimentId, steps);
    }

    /** The Arrow schema of the file. */
    public static org.apache.arrow.vector.types.pojo.Schema schema() {
        return WRITER.schema();
    }

    private static List<ArrowColumn<StepReport>> columns() {
        return StepReport.getClassSchema().getFields().stream()
                .map(f -> column(f).documented(OutputColumns.step(f.name())))
                .collect(Collectors.toList());
    }

    private static ArrowColumn<StepReport> column(Schema.Field field) {
        int pos = field.pos();
        switch (field.schema().getType()) {
            case INT:
                return ArrowColumn.int32(field.name(), s -> (Integer) s.get(pos));
            case LONG:
                return ArrowColumn.int64(field.name(), s -> (Long) s.get(pos));
            case DOUBLE:
                return ArrowColumn.float64(field.name(), s -> (Double) s.get(pos));
            default:
                throw new IllegalStateException("StepReport field '" + field.name() + "' has type "
                        + field.schema().getType() + ", which steps.arrow has no column type for");
        }
    }
}
