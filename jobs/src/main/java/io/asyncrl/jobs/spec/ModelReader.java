package io.asyncrl.jobs.spec;

import static io.asyncrl.jobs.spec.FieldReader.POSITIVE_INT;
import static io.asyncrl.jobs.spec.FieldReader.POSITIVE_NUMBER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.schemas.ModelSpec;
import java.util.List;
import java.util.stream.Collectors;

/** Reads {@code model:}: a catalog name, or a mapping with a custom architecture. */
final class ModelReader {
    private final FieldReader r;

    ModelReader(FieldReader r) {
        this.r = r;
    }

    ModelSpec read(Section top) {
        JsonNode node = top.get("model");
        String path = "model";
        ModelSpec.Builder b = ModelSpec.newBuilder();
        List<String> keys = Section.keysOf(ModelSpec.getClassSchema());
        String mapping = "{" + keys.stream().map(k -> k + ":").collect(Collectors.joining(", ")) + "}";
        if (node == null) {
            if (top.reportMissing) {
                r.error(path, "missing required field; give a catalog model name (e.g. model: qwen2.5-7b) or a custom architecture "
                        + mapping);
            }
            r.invalid.add(path);
            return b.setName("").build();
        }
        if (node.isTextual()) {
            return b.setName(node.textValue()).build();
        }
        if (!node.isObject()) {
            r.error(path, "must be a catalog model name (e.g. qwen2.5-7b) or a mapping " + mapping + ", got " + YamlValues.describe(node));
            r.invalid.add(path);
            return b.setName("").build();
        }
        Section s = new Section(path, (ObjectNode) node, keys, true);
        b.setName(r.requiredString(s, "name", "the catalog name or the name of the custom architecture").orElse(""));
        b.setLayers(r.nullableInt(s, "layers", POSITIVE_INT));
        b.setHidden(r.nullableInt(s, "hidden", POSITIVE_INT));
        b.setHeads(r.nullableInt(s, "heads", POSITIVE_INT));
        b.setKvHeads(r.nullableInt(s, "kv_heads", POSITIVE_INT));
        b.setHeadDim(r.nullableInt(s, "head_dim", POSITIVE_INT));
        b.setFfn(r.nullableInt(s, "ffn", POSITIVE_INT));
        b.setVocab(r.nullableInt(s, "vocab", POSITIVE_INT));
        b.setParamsB(r.nullableDouble(s, "params_b", POSITIVE_NUMBER));
        b.setActiveParamsB(r.nullableDouble(s, "active_params_b", POSITIVE_NUMBER));
        ModelFieldReader.read(s.node, path, b, r::error, r.invalid::add);
        r.finish(s);
        return b.build();
    }
}
