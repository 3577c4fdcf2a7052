package io.asyncrl.hw;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small CSV table read from a bundled class-path resource. Lines starting with {@code #} carry the
 * source attribution and are skipped. The reference files quote nothing and only their last column
 * (a free-text note) could ever hold a comma, so a split limited to the header width is enough.
 */
public final class CsvResource {
    private final List<Map<String, String>> rows;

    private CsvResource(List<Map<String, String>> rows) {
        this.rows = rows;
    }

    /** Reads {@code resource} (absolute class-path name, e.g. {@code /io/asyncrl/hw/hardware.csv}). */
    public static CsvResource read(String resource) {
        try (InputStream in = CsvResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String[] header = null;
            List<Map<String, String>> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header == null) {
                    header = line.split(",", -1);
                    continue;
                }
                String[] cells = line.split(",", header.length);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i].trim(), i < cells.length ? cells[i].trim() : "");
                }
                rows.add(Collections.unmodifiableMap(row));
            }
            return new CsvResource(Collections.unmodifiableList(rows));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled resource " + resource, e);
        }
    }

    public List<Map<String, String>> rows() {
        return rows;
    }
}
