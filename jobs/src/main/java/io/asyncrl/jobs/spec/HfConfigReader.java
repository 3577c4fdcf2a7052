package io.asyncrl.jobs.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a Hugging Face {@code config.json} into the fields of an inline {@code model} mapping, by the
 * field names of its {@code model_type}. Only the shape is read; the parameter count, KV bytes and FLOPs
 * follow from it as for any inline architecture.
 *
 * <p>Where the published config.json files leave a field to the transformers configuration class, the
 * class's rule applies: {@code num_key_value_heads} defaults to {@code num_attention_heads},
 * {@code head_dim} to {@code hidden_size / num_attention_heads}, {@code tie_word_embeddings} to the
 * class default (true for Gemma, false otherwise), and for {@code gemma3_text} the heads, KV heads, head
 * dimension and vocabulary to Gemma3TextConfig's defaults (8, 4, 256, 262208), which the Gemma 3
 * 4B/12B/27B config.json files rely on. The sizes themselves are never defaulted: a missing one is an
 * error naming it.
 */
final class HfConfigReader {

    /** What a config.json gives: the inline mapping, or the problems found (each a full message). */
    record Result(ObjectNode inline, List<String> problems) {}

    static final Map<String, String> SUPPORTED = new TreeMap<>(Map.ofEntries(
            Map.entry("llama", "Llama 1/2/3"), Map.entry("mistral", "Mistral"), Map.entry("mixtral", "Mixtral (MoE)"),
            Map.entry("qwen2", "Qwen2, Qwen2.5"), Map.entry("qwen3", "Qwen3 dense"), Map.entry("qwen3_moe", "Qwen3 MoE"),
            Map.entry("gemma", "Gemma"), Map.entry("gemma2", "Gemma 2"), Map.entry("gemma3", "Gemma 3 (its text_config)"),
            Map.entry("gemma3_text", "Gemma 3 text"), Map.entry("deepseek_v2", "DeepSeek-V2 (MLA, MoE)"),
            Map.entry("deepseek_v3", "DeepSeek-V3 (MLA, MoE)")));

    /** The errors of reading {@code model.hf_config}, and the paths the validator must then skip. */
    record Expansion(List<SpecError> errors, Set<String> invalidPaths) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String file;
    private final List<String> problems = new ArrayList<>();

    private HfConfigReader(String file) {
        this.file = file;
    }

    /**
     * Replaces {@code model: {hf_config: path, name: optional}} in the parsed spec by the inline mapping
     * the file gives, so that the rest of the spec reading sees an inline architecture. A relative path
     * resolves against {@code baseDir}, the spec file's folder. Without a name the model is named after
     * the config's folder. On a problem the model becomes an empty name and is marked invalid, so only
     * the {@code model.hf_config} errors are reported for it.
     */
    static Expansion expand(JsonNode root, Path baseDir) {
        JsonNode model = root != null && root.isObject() ? root.get("model") : null;
        if (model == null || !model.isObject() || !model.has("hf_config")) {
            return new Expansion(List.of(), Set.of());
        }
        List<SpecError> errors = new ArrayList<>();
        for (Iterator<String> it = model.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("hf_config") && !key.equals("name")) {
                errors.add(new SpecError("model." + key, "cannot be given with hf_config: the architecture comes from "
                        + "the config.json; give either hf_config (and optionally name) or an inline architecture"));
            }
        }
        JsonNode given = model.get("hf_config");
        Result result = null;
        Path file = null;
        if (!given.isTextual() || given.textValue().isBlank()) {
            errors.add(new SpecError("model.hf_config", "must be the path of a Hugging Face config.json (or of its "
                    + "folder), relative to the spec file's folder, got " + SpecReader.describe(given)));
        } else {
            file = baseDir.resolve(given.textValue()).normalize();
            result = read(file);
            result.problems().forEach(p -> errors.add(new SpecError("model.hf_config", p)));
        }
        ObjectNode spec = (ObjectNode) root;
        if (!errors.isEmpty()) {
            spec.put("model", "");
            return new Expansion(List.copyOf(errors), Set.of("model"));
        }
        ObjectNode inline = JsonNodeFactory.instance.objectNode();
        JsonNode name = model.get("name");
        if (name != null) {
            inline.set("name", name);
        } else {
            Path folder = Files.isDirectory(file) ? file : file.toAbsolutePath().getParent();
            inline.put("name", folder == null || folder.getFileName() == null ? "hf-model" : folder.getFileName().toString());
        }
        inline.setAll(result.inline());
        spec.set("model", inline);
        return new Expansion(List.of(), Set.of());
    }

    /** Reads {@code config}, a config.json or a folder holding one. */
    static Result read(Path config) {
        Path path = Files.isDirectory(config) ? config.resolve("config.json") : config;
        HfConfigReader reader = new HfConfigReader(path.getFileName().toString());
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            return reader.fail("cannot read " + path.toAbsolutePath() + " (" + e.getClass().getSimpleName() + "); give the path of a "
                    + "Hugging Face config.json, relative to the spec file's folder");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            return reader.fail(path + " is not JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return reader.fail(path + " is not a JSON object; a config.json maps field names to values");
        }
        return reader.convert((ObjectNode) root);
    }

    private Result convert(ObjectNode config) {
        JsonNode typeNode = config.get("model_type");
        if (typeNode == null || !typeNode.isTextual()) {
            return fail(file + " has no model_type; " + howToGoOn());
        }
        String type = typeNode.textValue();
        if (!SUPPORTED.containsKey(type)) {
            return fail(file + " has model_type '" + type + "', which this reader does not know; " + howToGoOn());
        }
        if (type.equals("gemma3")) {
            JsonNode text = config.get("text_config");
            if (text == null || !text.isObject()) {
                return fail(file + ": model_type gemma3 needs its text_config (the language model's fields)");
            }
            config = (ObjectNode) text;
            type = "gemma3_text";
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        boolean gemma3 = type.equals("gemma3_text");
        int layers = size(config, "num_hidden_layers");
        int hidden = size(config, "hidden_size");
        int heads = gemma3 ? sizeOr(config, "num_attention_heads", 8) : size(config, "num_attention_heads");
        int vocab = gemma3 ? sizeOr(config, "vocab_size", 262_208) : size(config, "vocab_size");
        out.put("layers", layers);
        out.put("hidden", hidden);
        out.put("heads", heads);
        boolean deepseek = type.startsWith("deepseek");
        if (!deepseek) {
            int kvDefault = gemma3 ? 4 : heads;
            int headDimDefault = gemma3 ? 256 : heads > 0 ? hidden / heads : 0;
            out.put("kv_heads", sizeOr(config, "num_key_value_heads", kvDefault));
            out.put("head_dim", sizeOr(config, "head_dim", headDimDefault));
        }
        boolean tiedDefault = type.startsWith("gemma");
        out.put("vocab", vocab);
        out.put("tied_embeddings", bool(config, "tie_word_embeddings", tiedDefault));
        switch (type) {
            case "mixtral" -> {
                out.put("experts", size(config, "num_local_experts"));
                out.put("experts_per_token", size(config, "num_experts_per_tok"));
                out.put("expert_ffn", size(config, "intermediate_size"));
            }
            case "qwen3_moe" -> {
                unsupportedLayout(config, "mlp_only_layers", "decoder_sparse_step");
                out.put("experts", size(config, "num_experts"));
                out.put("experts_per_token", size(config, "num_experts_per_tok"));
                out.put("expert_ffn", size(config, "moe_intermediate_size"));
            }
            case "deepseek_v2", "deepseek_v3" -> {
                unsupportedLayout(config, null, "moe_layer_freq");
                out.put("ffn", size(config, "intermediate_size"));
                out.put("experts", size(config, "n_routed_experts"));
                out.put("experts_per_token", size(config, "num_experts_per_tok"));
                out.put("shared_experts", countOr(config, "n_shared_experts", 0));
                out.put("expert_ffn", size(config, "moe_intermediate_size"));
                out.put("dense_layers", countOr(config, "first_k_dense_replace", 0));
                out.put("kv_lora_rank", size(config, "kv_lora_rank"));
                out.put("q_lora_rank", countOr(config, "q_lora_rank", 0));
                out.put("qk_rope_head_dim", size(config, "qk_rope_head_dim"));
                out.put("qk_nope_head_dim", size(config, "qk_nope_head_dim"));
                out.put("v_head_dim", size(config, "v_head_dim"));
            }
            default -> out.put("ffn", size(config, "intermediate_size"));
        }
        return problems.isEmpty() ? new Result(out, List.of()) : new Result(null, List.copyOf(problems));
    }

    private String howToGoOn() {
        return "supported: " + String.join(", ", SUPPORTED.keySet()) + ". For another architecture give it inline: "
                + "model: {name, " + InlineModelCheck.ALWAYS.replace(" and ", ", ") + "}, plus tied_embeddings, and for MoE "
                + "experts, experts_per_token, shared_experts, expert_ffn, dense_layers, and for MLA kv_lora_rank, "
                + "q_lora_rank, qk_rope_head_dim, qk_nope_head_dim, v_head_dim";
    }

    /** A required positive size. */
    private int size(JsonNode config, String field) {
        JsonNode node = config.get(field);
        if (node == null || node.isNull()) {
            problems.add(file + " lacks \"" + field + "\", which a " + typeOf(config) + " config needs");
            return 0;
        }
        return positive(field, node, false);
    }

    private int sizeOr(JsonNode config, String field, int fallback) {
        JsonNode node = config.get(field);
        return node == null || node.isNull() ? fallback : positive(field, node, false);
    }

    private int countOr(JsonNode config, String field, int fallback) {
        JsonNode node = config.get(field);
        return node == null || node.isNull() ? fallback : positive(field, node, true);
    }

    private int positive(String field, JsonNode node, boolean zeroAllowed) {
        if (node.isIntegralNumber() && node.canConvertToInt() && (node.intValue() > 0 || (zeroAllowed && node.intValue() == 0))) {
            return node.intValue();
        }
        problems.add("\"" + field + "\" in " + file + " must be a " + (zeroAllowed ? "non-negative" : "positive")
                + " integer, got " + node);
        return 0;
    }

    private boolean bool(JsonNode config, String field, boolean fallback) {
        JsonNode node = config.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            problems.add("\"" + field + "\" in " + file + " must be true or false, got " + node);
            return fallback;
        }
        return node.booleanValue();
    }

    /** Layer layouts the architecture cannot express: MoE only in some layers. */
    private void unsupportedLayout(JsonNode config, String listField, String everyField) {
        if (listField != null && config.has(listField) && config.get(listField).isArray() && !config.get(listField).isEmpty()) {
            problems.add("\"" + listField + "\" in " + file + " lists dense layers among MoE ones; only leading dense "
                    + "layers (dense_layers) are supported: give the architecture inline");
        }
        JsonNode every = config.get(everyField);
        if (every != null && !every.isNull() && !(every.isIntegralNumber() && every.intValue() == 1)) {
            problems.add("\"" + everyField + "\" in " + file + " must be 1 (an MoE block in every layer), got " + every);
        }
    }

    private static String typeOf(JsonNode config) {
        JsonNode t = config.get("model_type");
        return t == null ? "model" : t.asText();
    }

    private Result fail(String problem) {
        problems.add(problem);
        return new Result(null, List.copyOf(problems));
    }
}
