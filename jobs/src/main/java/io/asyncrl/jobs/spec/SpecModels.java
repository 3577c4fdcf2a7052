package io.asyncrl.jobs.spec;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.ModelSpec;
import io.asyncrl.schemas.RewardKind;
import io.asyncrl.schemas.RewardSpec;
import java.util.Optional;

/**
 * Resolves the names and inline architectures of a validated {@link ExperimentSpec} to the records of
 * module hardware-models. Call only on specs that passed {@link SpecValidator}: an unknown name is
 * then a programming error ({@link IllegalArgumentException}).
 */
public final class SpecModels {
    private SpecModels() {}

    /** The policy model: the catalog entry, or the custom architecture given inline. */
    public static ModelArch policy(ExperimentSpec spec) {
        return arch(spec.getModel());
    }

    /** The catalog entry named by {@code model}, or its inline architecture when it gives one. */
    public static ModelArch arch(ModelSpec model) {
        if (isCustom(model)) {
            return customArch(model);
        }
        return ModelCatalog.find(model.getName())
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + model.getName() + "'"));
    }

    /** The reward model of a {@code kind: model} reward; empty for rule-based rewards. */
    public static Optional<ModelArch> rewardModel(ExperimentSpec spec) {
        RewardSpec reward = spec.getWorkload().getReward();
        if (reward.getKind() != RewardKind.MODEL) {
            return Optional.empty();
        }
        return Optional.of(ModelCatalog.find(reward.getModel())
                .orElseThrow(() -> new IllegalArgumentException("unknown reward model '" + reward.getModel() + "'")));
    }

    /** The accelerator of {@code cluster.device}. */
    public static Device device(ExperimentSpec spec) {
        String name = spec.getCluster().getDevice();
        return DeviceCatalog.find(name).orElseThrow(() -> new IllegalArgumentException("unknown device '" + name + "'"));
    }

    /** True when the spec gives an inline architecture (any field besides name), false for a catalog reference. */
    public static boolean isCustom(ModelSpec m) {
        return m.getLayers() != null || m.getHidden() != null || m.getHeads() != null || m.getKvHeads() != null
                || m.getHeadDim() != null || m.getFfn() != null || m.getVocab() != null || m.getParamsB() != null
                || m.getActiveParamsB() != null;
    }

    /**
     * The {@link ModelArch} of an inline architecture; {@code active_params_b} defaults to {@code params_b}
     * (dense), and the KV cache follows the standard formula (no override).
     */
    static ModelArch customArch(ModelSpec m) {
        double params = require(m.getParamsB(), "params_b");
        double active = m.getActiveParamsB() == null ? params : m.getActiveParamsB();
        return new ModelArch(m.getName(), require(m.getLayers(), "layers"), require(m.getHidden(), "hidden"),
                require(m.getHeads(), "heads"), require(m.getKvHeads(), "kv_heads"), require(m.getHeadDim(), "head_dim"),
                require(m.getFfn(), "ffn"), require(m.getVocab(), "vocab"), params, active, 0L);
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("custom model lacks " + field);
        }
        return value;
    }
}
