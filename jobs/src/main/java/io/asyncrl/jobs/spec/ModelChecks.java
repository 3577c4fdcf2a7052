package io.asyncrl.jobs.spec;

import io.asyncrl.hw.ModelArch;
import io.asyncrl.schemas.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks {@code model:}: a known catalog name, or a complete and consistent custom architecture. */
final class ModelChecks {
    private final ValidationContext c;

    ModelChecks(ValidationContext c) {
        this.c = c;
    }

    Optional<ModelArch> check() {
        if (!c.ok("model")) {
            return Optional.empty();
        }
        ModelSpec m = c.spec.getModel();
        if (!SpecModels.isCustom(m)) {
            return catalogModel("model", m.getName());
        }
        int before = c.errors.size();
        if (ValidationContext.isBlank(m.getName())) {
            c.error("model.name", "must not be empty; name the custom architecture");
        }
        Map<String, Integer> ints = new LinkedHashMap<>();
        ints.put("layers", m.getLayers());
        ints.put("hidden", m.getHidden());
        ints.put("heads", m.getHeads());
        ints.put("kv_heads", m.getKvHeads());
        ints.put("head_dim", m.getHeadDim());
        ints.put("ffn", m.getFfn());
        ints.put("vocab", m.getVocab());
        for (Map.Entry<String, Integer> e : ints.entrySet()) {
            String path = "model." + e.getKey();
            if (e.getValue() == null) {
                c.error(path, "missing: a custom model needs " + String.join(", ", ints.keySet())
                        + " and params_b (or give only a catalog name)");
            } else if (e.getValue() <= 0) {
                c.positiveInt(path, e.getValue());
            }
        }
        Double params = m.getParamsB();
        if (params == null) {
            c.error("model.params_b", "missing: a custom model needs params_b, its parameter count in billions");
        } else if (!(params > 0) || !Double.isFinite(params)) {
            c.error("model.params_b", "must be a positive number (billions of parameters), got " + ValidationContext.fmt(params));
        }
        Double active = m.getActiveParamsB();
        if (active != null && (!(active > 0) || !Double.isFinite(active))) {
            c.error("model.active_params_b", "must be a positive number (billions of parameters), got " + ValidationContext.fmt(active));
        } else if (active != null && params != null && active > params) {
            c.error("model.active_params_b", "must not exceed params_b (" + ValidationContext.fmt(params) + "): active parameters are a subset "
                    + "of all parameters, got " + ValidationContext.fmt(active));
        }
        Integer heads = m.getHeads();
        Integer kvHeads = m.getKvHeads();
        if (heads != null && kvHeads != null && heads > 0 && kvHeads > 0 && heads % kvHeads != 0) {
            c.error("model.kv_heads", "must divide heads (" + heads + ") for grouped-query attention, got " + kvHeads);
        }
        if (c.errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(SpecModels.customArch(m));
    }

    Optional<ModelArch> catalogModel(String path, String name) {
        if (ValidationContext.isBlank(name)) {
            c.error(path, "must name a catalog model; known: " + String.join(", ", c.hw.modelNames()));
            return Optional.empty();
        }
        Optional<ModelArch> arch = c.hw.model(name);
        if (arch.isEmpty()) {
            List<String> known = c.hw.modelNames();
            c.error(path, "unknown model '" + name + "'" + Suggestions.didYouMean(name, known) + "; known: "
                    + String.join(", ", known) + (path.equals("model") ? "; or give a custom architecture mapping" : ""));
        }
        return arch;
    }
}
