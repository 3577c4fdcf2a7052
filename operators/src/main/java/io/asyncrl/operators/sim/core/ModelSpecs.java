package io.asyncrl.operators.sim.core;

import io.asyncrl.hw.Architecture;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.schemas.ModelSpec;
import java.util.Optional;

/**
 * The one place a {@link ModelSpec} becomes a {@link ModelArch}: a catalog name resolves through
 * {@link ModelCatalog}; an inline architecture (which is also what a Hugging Face config.json becomes
 * when the spec is read) through {@link Architecture}, so the same shape gives the same record either
 * way. The spec reader and the service job both call this.
 */
public final class ModelSpecs {
    private ModelSpecs() {}

    /** True when the spec gives an architecture (any field besides name), false for a catalog reference. */
    public static boolean isInline(ModelSpec m) {
        return m.getLayers() != null || m.getHidden() != null || m.getHeads() != null || m.getKvHeads() != null
                || m.getHeadDim() != null || m.getFfn() != null || m.getVocab() != null || m.getParamsB() != null
                || m.getActiveParamsB() != null || m.getTiedEmbeddings() != null || m.getExperts() != null
                || m.getExpertsPerToken() != null || m.getSharedExperts() != null || m.getExpertFfn() != null
                || m.getDenseLayers() != null || m.getKvLoraRank() != null || m.getQLoraRank() != null
                || m.getQkRopeHeadDim() != null || m.getQkNopeHeadDim() != null || m.getVHeadDim() != null;
    }

    /**
     * The shape of an inline architecture; absent fields are 0 (not applicable).
     *
     * @throws Architecture.InvalidArchitectureException naming each field that is missing or out of range
     */
    public static Architecture inlineArchitecture(ModelSpec m) {
        return new Architecture(value(m.getLayers()), value(m.getHidden()), value(m.getHeads()), value(m.getKvHeads()),
                value(m.getHeadDim()), value(m.getFfn()), value(m.getVocab()), Boolean.TRUE.equals(m.getTiedEmbeddings()),
                value(m.getExperts()), value(m.getExpertsPerToken()), value(m.getSharedExperts()), value(m.getExpertFfn()),
                value(m.getDenseLayers()), value(m.getKvLoraRank()), value(m.getQLoraRank()), value(m.getQkRopeHeadDim()),
                value(m.getQkNopeHeadDim()), value(m.getVHeadDim()));
    }

    /** The shape behind {@code m}: the catalog entry's or the inline one; empty for an unknown name. */
    public static Optional<Architecture> architecture(ModelSpec m) {
        return isInline(m) ? Optional.of(inlineArchitecture(m)) : ModelCatalog.architecture(m.getName());
    }

    /**
     * The record every hardware model uses. An inline {@code params_b} (and {@code active_params_b})
     * replaces the derived count, for architectures whose extra parts the derivation does not see; the
     * active count defaults to the derived one for MoE and to {@code params_b} for a dense model.
     *
     * @throws IllegalArgumentException for an unknown catalog name or an invalid architecture
     */
    public static ModelArch resolve(ModelSpec m) {
        if (!isInline(m)) {
            return ModelCatalog.find(m.getName()).orElseThrow(() -> new IllegalArgumentException(
                    "model: unknown model '" + m.getName() + "'"));
        }
        ModelArch derived = ModelArch.of(m.getName(), inlineArchitecture(m));
        if (m.getParamsB() == null) {
            return derived;
        }
        double params = m.getParamsB();
        double active = m.getActiveParamsB() != null ? m.getActiveParamsB()
                : derived.isMoe() ? derived.activeParamsB() : params;
        return new ModelArch(derived.name(), derived.layers(), derived.hidden(), derived.heads(), derived.kvHeads(),
                derived.headDim(), derived.ffn(), derived.vocab(), params, active, derived.kvBytesPerTokenOverride());
    }

    private static int value(Integer v) {
        return v == null ? 0 : v;
    }
}
