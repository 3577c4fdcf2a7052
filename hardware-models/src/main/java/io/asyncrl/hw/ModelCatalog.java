package io.asyncrl.hw;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Models known by name: every row of the bundled copy of shared/reference/models.csv.
 *
 * <p>For the MoE rows {@code params_b} counts every expert (memory, weight sync) and
 * {@code active_params_b} the parameters one token passes through (compute).
 */
public final class ModelCatalog {
    static final String RESOURCE = "/io/asyncrl/hw/models.csv";

    /**
     * DeepSeek-V3 caches one compressed MLA latent per layer instead of per-head K and V:
     * (kv_lora_rank 512 + rope head dim 64) * 61 layers * 2 bytes = 70,272 B/token in BF16
     * (DeepSeek-V3 config.json; the reference note says ~70 KB/token).
     */
    public static final long DEEPSEEK_V3_MLA_KV_BYTES_PER_TOKEN = (512L + 64L) * 61L * 2L;

    private static final Map<String, ModelArch> MODELS = load();

    private ModelCatalog() {}

    public static Optional<ModelArch> find(String name) {
        return Optional.ofNullable(name == null ? null : MODELS.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** Like {@link #find} but fails with the list of known names. */
    public static ModelArch require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown model '" + name + "'; known models: " + names()));
    }

    /** Catalog names in the order of the CSV. */
    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    private static long kvOverride(String name) {
        return "deepseek-v3".equals(name) ? DEEPSEEK_V3_MLA_KV_BYTES_PER_TOKEN : 0L;
    }

    private static Map<String, ModelArch> load() {
        Map<String, ModelArch> models = new LinkedHashMap<>();
        for (Map<String, String> row : CsvResource.read(RESOURCE).rows()) {
            String name = row.get("model");
            models.put(name, new ModelArch(
                    name,
                    Integer.parseInt(row.get("layers")),
                    Integer.parseInt(row.get("hidden")),
                    Integer.parseInt(row.get("heads")),
                    Integer.parseInt(row.get("kv_heads")),
                    Integer.parseInt(row.get("head_dim")),
                    Integer.parseInt(row.get("ffn")),
                    Integer.parseInt(row.get("vocab")),
                    Double.parseDouble(row.get("params_b")),
                    Double.parseDouble(row.get("active_params_b")),
                    kvOverride(name)));
        }
        return Collections.unmodifiableMap(models);
    }
}
