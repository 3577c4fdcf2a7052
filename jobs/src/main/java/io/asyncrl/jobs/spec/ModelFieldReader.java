package io.asyncrl.jobs.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.asyncrl.schemas.ModelSpec;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads the mixture-of-experts, latent-attention and embedding-tying fields of an inline {@code model}
 * mapping (the dense fields are read by {@link SpecReader}). Type errors are reported at the field's
 * path and the path marked invalid, as SpecReader does for its own fields.
 */
final class ModelFieldReader {
    private ModelFieldReader() {}

    static void read(JsonNode model, String path, ModelSpec.Builder b, BiConsumer<String, String> error,
            Consumer<String> invalid) {
        ModelFieldReader.Fields f = new Fields(model, path, error, invalid);
        b.setTiedEmbeddings(f.bool("tied_embeddings"));
        b.setExperts(f.integer("experts", false));
        b.setExpertsPerToken(f.integer("experts_per_token", false));
        b.setSharedExperts(f.integer("shared_experts", true));
        b.setExpertFfn(f.integer("expert_ffn", false));
        b.setDenseLayers(f.integer("dense_layers", true));
        b.setKvLoraRank(f.integer("kv_lora_rank", false));
        b.setQLoraRank(f.integer("q_lora_rank", true));
        b.setQkRopeHeadDim(f.integer("qk_rope_head_dim", false));
        b.setQkNopeHeadDim(f.integer("qk_nope_head_dim", false));
        b.setVHeadDim(f.integer("v_head_dim", false));
    }

    private record Fields(JsonNode model, String path, BiConsumer<String, String> error, Consumer<String> invalid) {

        Boolean bool(String key) {
            JsonNode node = model.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            fail(key, "must be true or false, got " + SpecReader.describe(node));
            return null;
        }

        Integer integer(String key, boolean zeroAllowed) {
            JsonNode node = model.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            String expected = zeroAllowed ? FieldReader.NON_NEGATIVE_INT : FieldReader.POSITIVE_INT;
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                fail(key, "must be " + expected + ", got " + SpecReader.describe(node));
                return null;
            }
            int v = node.intValue();
            if (v < 0 || (v == 0 && !zeroAllowed)) {
                fail(key, "must be " + expected + ", got " + v);
                return null;
            }
            return v;
        }

        private void fail(String key, String message) {
            error.accept(path + "." + key, message);
            invalid.accept(path + "." + key);
        }
    }
}
