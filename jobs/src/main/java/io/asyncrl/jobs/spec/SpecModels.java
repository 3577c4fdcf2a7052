package io.asyncrl.jobs.spec;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.operators.sim.core.ModelSpecs;
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
        return ModelSpecs.resolve(model);
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
        return ModelSpecs.isInline(m);
    }

    /** The {@link ModelArch} of an inline architecture (see {@link ModelSpecs#resolve}). */
    static ModelArch customArch(ModelSpec m) {
        return ModelSpecs.resolve(m);
    }
}
