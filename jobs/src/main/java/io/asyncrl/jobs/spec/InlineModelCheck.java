package io.asyncrl.jobs.spec;

import io.asyncrl.hw.Architecture;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.operators.sim.core.ModelSpecs;
import io.asyncrl.schemas.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Semantic checks of an inline model architecture (which is also what {@code hf_config} becomes): the
 * fields its kind of model needs are present, and {@link Architecture}'s rules hold (sizes positive,
 * kv_heads dividing heads, experts_per_token at most experts, MoE and MLA fields only with experts and
 * kv_lora_rank). Each problem is reported at its {@code model.<field>} path.
 */
final class InlineModelCheck {
    static final String ALWAYS = "layers, hidden, heads, kv_heads, head_dim, ffn and vocab";

    private InlineModelCheck() {}

    /** The record of {@code m} when it is complete and valid; otherwise reports each problem to {@code error}. */
    static Optional<ModelArch> check(ModelSpec m, BiConsumer<String, String> error) {
        List<String[]> errors = new ArrayList<>();
        BiConsumer<String, String> report = (path, message) -> errors.add(new String[] {path, message});
        if (m.getName() == null || m.getName().isBlank()) {
            report.accept("model.name", "must not be empty; name the custom architecture");
        }
        boolean mla = m.getKvLoraRank() != null;
        boolean moe = m.getExperts() != null;
        Map<String, Object> needed = new LinkedHashMap<>();
        needed.put("layers", m.getLayers());
        needed.put("hidden", m.getHidden());
        needed.put("heads", m.getHeads());
        if (!mla) {
            needed.put("kv_heads", m.getKvHeads());
            needed.put("head_dim", m.getHeadDim());
        }
        if (!moe || (m.getDenseLayers() != null && m.getDenseLayers() > 0)) {
            needed.put("ffn", m.getFfn());
        }
        needed.put("vocab", m.getVocab());
        if (moe) {
            needed.put("experts_per_token", m.getExpertsPerToken());
            needed.put("expert_ffn", m.getExpertFfn());
        }
        if (mla) {
            needed.put("qk_rope_head_dim", m.getQkRopeHeadDim());
            needed.put("qk_nope_head_dim", m.getQkNopeHeadDim());
            needed.put("v_head_dim", m.getVHeadDim());
        }
        boolean complete = true;
        for (Map.Entry<String, Object> e : needed.entrySet()) {
            if (e.getValue() == null) {
                complete = false;
                report.accept("model." + e.getKey(), "missing: a custom model needs " + ALWAYS
                        + (moe ? "; an MoE model also experts_per_token and expert_ffn (ffn only with dense_layers)" : "")
                        + (mla ? "; with kv_lora_rank also qk_rope_head_dim, qk_nope_head_dim and v_head_dim"
                                + " (kv_heads and head_dim follow from them)" : "")
                        + " (or give only a catalog name, or hf_config)");
            }
        }
        Double params = m.getParamsB();
        if (params != null && (!(params > 0) || !Double.isFinite(params))) {
            report.accept("model.params_b", "must be a positive number (billions of parameters), got " + fmt(params));
        }
        Double active = m.getActiveParamsB();
        if (active != null && (!(active > 0) || !Double.isFinite(active))) {
            report.accept("model.active_params_b", "must be a positive number (billions of parameters), got " + fmt(active));
        } else if (active != null && params != null && active > params) {
            report.accept("model.active_params_b", "must not exceed params_b (" + fmt(params) + "): active parameters are "
                    + "a subset of all parameters, got " + fmt(active));
        }
        if (complete) {
            try {
                ModelSpecs.inlineArchitecture(m);
            } catch (Architecture.InvalidArchitectureException e) {
                e.problems().forEach((field, message) -> report.accept("model." + field, message));
            }
        }
        errors.forEach(e -> error.accept(e[0], e[1]));
        return errors.isEmpty() ? Optional.of(ModelSpecs.resolve(m)) : Optional.empty();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
