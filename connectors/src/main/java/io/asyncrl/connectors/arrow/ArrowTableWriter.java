package io.asyncrl.connectors.arrow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes rows as an Arrow IPC file (the random-access "Feather v2" format pandas, polars and DuckDB
 * open directly (DuckDB through its arrow extension)), in record batches of at most {@link #BATCH_ROWS} rows, in the order given.
 *
 * <p>Every file ends with an {@code experiment_id} column (the same value on every row), so tables of several
 * runs can be concatenated and still told apart. Each field carries its description and unit as metadata.
 *
 * <p>The file is written next to its destination and moved into place at the end, so a reader
 * never sees half a file.
 */
final class ArrowTableWriter<R> {

    /** Rows per record batch: bounds memory for large runs while keeping batch overhead small. */
    static final int BATCH_ROWS = 65_536;

    private final List<ArrowColumn<R>> columns;
    private final Schema schema;

    ArrowTableWriter(List<ArrowColumn<R>> columns) {
        this.columns = List.copyOf(columns);
        List<Field> fields = this.columns.stream().map(ArrowColumn::field).collect(Collectors.toList());
        fields.add(ArrowColumn.<String>utf8(OutputColumns.EXPERIMENT_ID, id -> id)
                .documented(OutputColumns.experimentId()).field());
        this.schema = new Schema(fields);
    }

    Schema schema() {
        return schema;
    }

    void write(Path file, String experimentId, List<R> rows) {
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(experimentId, "experimentId must not be null");
        Objects.requireNonNull(rows, "rows must not be null");
        Path absolute = file.toAbsolutePath();
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            writeTo(tmp, experimentId, rows);
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("Cannot write Arrow file " + file, e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private void writeTo(Path tmp, String experimentId, List<R> rows) throws IOException {
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writer.start();
            int from = 0;
            do {
                int to = Math.min(rows.size(), from + BATCH_ROWS);
                root.allocateNew();
                // Each row read once per batch, not once per column (a list may build its rows on read), and the
                // columns filled on the common pool: each fills its own vector from the same rows, so the bytes
                // are those of a fill in order (docs/performance.md, sixteenth session).
                List<R> batch = read(rows, from, to);
                IntStream.range(0, columns.size()).parallel().forEach(c -> {
                    ArrowColumn<R> column = columns.get(c);
                    FieldVector vector = root.getVector(c);
                    for (int i = 0; i < batch.size(); i++) {
                        column.set(vector, i, batch.get(i));
                    }
                });
                VarCharVector ids = (VarCharVector) root.getVector(columns.size());
                byte[] id = experimentId.getBytes(StandardCharsets.UTF_8);
                for (int i = from; i < to; i++) {
                    ids.setSafe(i - from, id);
                }
                root.setRowCount(to - from);
                writer.writeBatch();
                from = to;
            } while (from < rows.size());
            writer.end();
        }
    }

    /** Rows {@code from} to {@code to} of {@code rows}, read on the common pool (reads must not change the list). */
    @SuppressWarnings("unchecked")
    private static <R> List<R> read(List<R> rows, int from, int to) {
        Object[] batch = new Object[to - from];
        IntStream.range(from, to).parallel().forEach(i -> batch[i - from] = rows.get(i));
        return (List<R>) Arrays.asList(batch);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // The original failure is the one worth reporting.
        }
    }
}
