package io.asyncrl.operators.sim.core;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.HardwareModels;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.ModelSpec;
import io.asyncrl.schemas.RewardKind;

/** Resolves names through the device and model catalogs (or the spec's inline ones); the hardware model follows
 * the spec's framework profile and its {@code hardware:} overrides ({@link SpecHardware}). */
public final class CatalogParamsResolver implements ParamsResolver {
    private static final long serialVersionUID = 1L;

    @Override
    public SimParams resolve(ExperimentSpec spec) {
        Device device = SpecHardware.inlineDevice(spec).or(() -> DeviceCatalog.find(spec.getCluster().getDevice()))
                .orElseThrow(() -> new IllegalArgumentException("cluster.device: unknown device '"
                        + spec.getCluster().getDevice() + "'"));
        ModelArch model = model(spec.getModel());
        ModelArch rewardModel = null;
        var reward = spec.getWorkload().getReward();
        if (reward.getKind() == RewardKind.MODEL) {
            rewardModel = ModelCatalog.find(reward.getModel()).orElseThrow(() -> new IllegalArgumentException(
                    "workload.reward.model: unknown model '" + reward.getModel() + "'"));
        }
        return new SimParams(spec, device, model, rewardModel, SpecHardware.model(spec, HardwareModels.defaultModel()));
    }

    /** A catalog model, or the inline architecture when the spec gives its shape ({@link ModelSpecs}). */
    public static ModelArch model(ModelSpec m) {
        return ModelSpecs.resolve(m);
    }
}
