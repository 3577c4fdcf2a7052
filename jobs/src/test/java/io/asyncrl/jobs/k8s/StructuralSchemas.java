package io.asyncrl.jobs.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * Turns a CRD's openAPIV3Schema into a JSON schema that rejects what the API server would
 * silently drop.
 *
 * <p>A structural schema prunes unknown fields instead of refusing them, so a typo such as
 * {@code spec.jobManger} is accepted by {@code kubectl apply} and just vanishes. To catch it here,
 * every object schema that lists its properties is closed ({@code additionalProperties: false})
 * unless it says {@code x-kubernetes-preserve-unknown-fields: true} or already constrains its
 * additional properties. Branches of {@code anyOf}/{@code oneOf}/{@code allOf}/{@code not} are left
 * alone: in a structural schema they may only restate fields declared beside them (Strimzi lists
 * each alternative's discriminating field there), so closing them would refuse valid documents.
 */
final class StructuralSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The ObjectMeta fields a manifest in this repository may set. The API server accepts more, but
     * the rest (uid, resourceVersion, ...) are written by the server, never by a manifest.
     */
    private static final String OBJECT_META = """
            {
              "type": "object",
              "required": ["name"],
              "additionalProperties": false,
              "properties": {
                "name": {
                  "type": "string",
                  "maxLength": 253,
                  "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
                },
                "namespace": {"type": "string"},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "annotations": {"type": "object", "additionalProperties": {"type": "string"}}
              }
            }
            """;

    private StructuralSchemas() {}

    /**
     * The schema of a whole resource: the CRD's root schema with apiVersion and kind pinned and
     * metadata required, then closed. The API server supplies these three itself, which is why a
     * CRD's schema may leave them out.
     */
    static ObjectNode forCustomResource(JsonNode openApiV3Schema, String apiVersion, String kind) {
        ObjectNode root = openApiV3Schema.deepCopy();
        withTypeMeta(root, apiVersion, kind);
        close(root);
        return root;
    }

    /** For built-in kinds: only apiVersion, kind and metadata are checked; other fields are open. */
    static ObjectNode forCoreResource(String apiVersion, String kind) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "object");
        withTypeMeta(root, apiVersion, kind);
        return root;
    }

    /** Adds {@code additionalProperties: false} to every closable object schema, recursively. */
    static void close(JsonNode schema) {
        if (!(schema instanceof ObjectNode s)) {
            return;
        }
        if (s.get("properties") instanceof ObjectNode properties) {
            boolean object = !s.has("type") || "object".equals(s.path("type").asText());
            boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (object && !preserve && !s.has("additionalProperties")) {
                s.put("additionalProperties", false);
            }
            properties.forEach(StructuralSchemas::close);
        }
        JsonNode items = s.get("items");
        if (items instanceof ArrayNode tuple) {
            tuple.forEach(StructuralSchemas::close);
        } else {
            close(items);
        }
        close(s.get("additionalProperties"));
    }

    private static void withTypeMeta(ObjectNode root, String apiVersion, String kind) {
        ObjectNode properties = root.get("properties") instanceof ObjectNode p ? p : root.putObject("properties");
        properties.set("apiVersion", oneValue(apiVersion));
        properties.set("kind", oneValue(kind));
        properties.set("metadata", objectMeta());
        ArrayNode required = root.get("required") instanceof ArrayNode r ? r : root.putArray("required");
        for (String field : new String[] {"apiVersion", "kind", "metadata"}) {
            boolean present = false;
            for (JsonNode r : required) {
                present |= r.asText().equals(field);
            }
            if (!present) {
                required.add(field);
            }
        }
    }

    private static ObjectNode oneValue(String value) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "string");
        schema.putArray("enum").add(value);
        return schema;
    }

    private static ObjectNode objectMeta() {
        try {
            return (ObjectNode) JSON.readTree(OBJECT_META);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
