package io.asyncrl.hw;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Models known by name: every row of the bundled model-architectures.csv. Each row gives the shape of
 * the model as its Hugging Face config.json does; the parameter counts, KV bytes and FLOPs come from
 * {@link Architecture}, so a catalog name, the same shape inline and the same config.json give equal
 * {@link ModelArch} records. The published counts in the file are kept only to check the derivation.
 */
public final class ModelCatalog {
    static final String RESOURCE = "/io/asyncrl/hw/model-architectures.csv";

    /**
     * DeepSeek-V3 caches one compressed MLA latent per layer instead of per-head K and V:
     * (kv_lora_rank 512 + rope head dim 64) * 61 layers * 2 bytes = 70,272 B/token in BF16
     * (DeepSeek-V3 config.json; the reference note says ~70 KB/token).
     */
    public static final long DEEPSEEK_V3_MLA_KV_BYTES_PER_TOKEN = (512L + 64L) * 61L * 2L;

    /** A catalog row: the shape and the counts its authors publish (NaN where none is given). */
    public record Entry(String name, Architecture architecture, double publishedParamsB,
            double publishedActiveParamsB, String source) {}

    private static final Map<String, Entry> ENTRIES = load();
    private static final Map<String, ModelArch> MODELS = records();

    private ModelCatalog() {}

    public static Optional<ModelArch> find(String name) {
        return Optional.ofNullable(name == null ? null : MODELS.get(key(name)));
    }

    /** Like {@link #find} but fails with the list of known names. */
    public static ModelArch require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown model '" + name + "'; known models: " + names()));
    }

    /** The shape of a catalog model. */
    public static Optional<Architecture> architecture(String name) {
        return entry(name).map(Entry::architecture);
    }

    /** The whole catalog row of {@code name}. */
    public static Optional<Entry> entry(String name) {
        return Optional.ofNullable(name == null ? null : ENTRIES.get(key(name)));
    }

    /** Catalog names in the order of the CSV. */
    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static Map<String, ModelArch> records() {
        Map<String, ModelArch> models = new LinkedHashMap<>();
        ENTRIES.forEach((name, e) -> models.put(name, ModelArch.of(name, e.architecture())));
        return Collections.unmodifiableMap(models);
    }

    private static Map<String, Entry> load() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map<String, String> row : CsvResource.read(RESOURCE).rows()) {
            String name = row.get("model");
            Architecture arch = new Architecture(
                    integer(row, "layers"), integer(row, "hidden"), integer(row, "heads"), integer(row, "kv_heads"),
                    integer(row, "head_dim"), integer(row, "ffn"), integer(row, "vocab"),
                    Boolean.parseBoolean(row.get("tied_embeddings")),
                    integer(row, "experts"), integer(row, "experts_per_token"), integer(row, "shared_experts"),
                    integer(row, "expert_ffn"), integer(row, "dense_layers"),
                    integer(row, "kv_lora_rank"), integer(row, "q_lora_rank"), integer(row, "qk_rope_head_dim"),
                    integer(row, "qk_nope_head_dim"), integer(row, "v_head_dim"));
            entries.put(name, new Entry(name, arch, number(row, "published_params_b").orElse(Double.NaN),
                    number(row, "published_active_params_b").orElse(Double.NaN), row.get("source")));
        }
        return Collections.unmodifiableMap(entries);
    }

    private static int integer(Map<String, String> row, String column) {
        return Integer.parseInt(row.get(column));
    }

    private static OptionalDouble number(Map<String, String> row, String column) {
        String cell = row.get(column);
        return cell == null || cell.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(cell));
    }
}
