package io.asyncrl.connectors.arrow;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** Reads an Arrow IPC file back into plain Java columns, the way a test wants to look at it. */
final class ArrowFiles {

    /** A file's schema, record batch count, and each column's values in row order (null for null). */
    record Table(Schema schema, int batches, Map<String, List<Object>> columns) {
        int rows() {
            return columns.isEmpty() ? 0 : columns.values().iterator().next().size();
        }

        Object get(String column, int row) {
            return columns.get(column).get(row);
        }
    }

    private ArrowFiles() {
    }

    static Table read(Path file) throws IOException {
        try (BufferAllocator allocator = new RootAllocator();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            Schema schema = root.getSchema();
            Map<String, List<Object>> columns = new LinkedHashMap<>();
            schema.getFields().forEach(f -> columns.put(f.getName(), new ArrayList<>()));
            int batches = 0;
            while (reader.loadNextBatch()) {
                batches++;
                for (FieldVector vector : root.getFieldVectors()) {
                    List<Object> values = columns.get(vector.getName());
                    for (int i = 0; i < root.getRowCount(); i++) {
                        Object v = vector.getObject(i);
                        values.add(v == null ? null : v instanceof org.apache.arrow.vector.util.Text ? v.toString() : v);
                    }
                }
            }
            return new Table(schema, batches, columns);
        }
    }
}
