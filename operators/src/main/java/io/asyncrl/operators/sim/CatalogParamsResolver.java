package io.asyncrl.operators.sim;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.FrameworkProfiles;
import io.asyncrl.hw.HardwareModel;
import io.asyncrl.hw.HardwareModels;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.FrameworkSpec;
import io.asyncrl.schemas.ModelSpec;
import io.asyncrl.schemas.RewardKind;

/** Resolves names through the device and model catalogs; the hardware model follows the spec's framework. */
public final class CatalogParamsResolver implements ParamsResolver {
    private static final long serialVersionUID = 1L;

    @Override
    public SimParams resolve(ExperimentSpec spec) {
        Device device = DeviceCatalog.find(spec.getCluster().getDevice())
                .orElseThrow(() -> new IllegalArgumentException("cluster.device: unknown device '"
                        + spec.getCluster().getDevice() + "'"));
        ModelArch model = model(spec.getModel());
        ModelArch rewardModel = null;
        var reward = spec.getWorkload().getReward();
        if (reward.getKind() == RewardKind.MODEL) {
            rewardModel = ModelCatalog.find(reward.getModel()).orElseThrow(() -> new IllegalArgumentException(
                    "workload.reward.model: unknown model '" + reward.getModel() + "'"));
        }
        return new SimParams(spec, device, model, rewardModel, hardware(spec));
    }

    /** The hardware model with the spec's framework mechanics (the default model when it names none). */
    static HardwareModel hardware(ExperimentSpec spec) {
        FrameworkSpec f = spec.getFramework();
        if (f == null) {
            return HardwareModels.defaultModel();
        }
        return HardwareModels.withOptions(FrameworkProfiles.options(f.getName(), f.getSettings().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().toString(),
                        (a, b) -> b, java.util.TreeMap::new)), OptionValues.defaults()));
    }

    /** A catalog model, or the inline architecture when the spec gives its shape. */
    public static ModelArch model(ModelSpec m) {
        if (m.getLayers() == null) {
            return ModelCatalog.find(m.getName()).orElseThrow(() -> new IllegalArgumentException(
                    "model: unknown model '" + m.getName() + "'"));
        }
        double params = m.getParamsB();
        double active = m.getActiveParamsB() == null ? params : m.getActiveParamsB();
        return new ModelArch(m.getName(), m.getLayers(), m.getHidden(), m.getHeads(), m.getKvHeads(),
                m.getHeadDim(), m.getFfn(), m.getVocab(), params, active, 0L);
    }
}
