package io.asyncrl.jobs.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/** A YAML mapping being read, with the keys it may hold. */
final class Section {
    final String path;
    final ObjectNode node;
    final List<String> keys;
    /** False when the section itself is missing or wrong: its fields are then not reported one by one. */
    final boolean reportMissing;
    final Set<String> allowedExtra = new LinkedHashSet<>();

    Section(String path, ObjectNode node, List<String> keys, boolean reportMissing) {
        this.path = path;
        this.node = node;
        this.keys = keys;
        this.reportMissing = reportMissing;
    }

    static Section absent(String path, List<String> keys) {
        return new Section(path, null, keys, false);
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    JsonNode get(String key) {
        if (!keys.contains(key) && !allowedExtra.contains(key)) {
            throw new IllegalStateException("key " + key + " is not in the schema of " + path);
        }
        return node == null ? null : node.get(key);
    }

    void allow(String key) {
        allowedExtra.add(key);
    }

    /** The field names of an Avro record schema, in schema order: the keys its YAML mapping may hold. */
    static List<String> keysOf(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).collect(Collectors.toCollection(ArrayList::new));
    }
}
