package io.asyncrl.operators.sim.rollout;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.EngineConfig;
import io.asyncrl.hw.HardwareModel;
import io.asyncrl.hw.HardwareModels;
import io.asyncrl.hw.InstanceTiming;
import io.asyncrl.hw.MemoryCheck;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.hw.TrainJob;
import io.asyncrl.hw.TrainStepTiming;
import io.asyncrl.operators.sim.core.ForwardingHardwareModel;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.schemas.ExperimentSpec;

/**
 * The default hardware model with a rollout instance whose costs are round numbers, so that tests can
 * compute a timeline by hand: a prefill costs 100 us per new token, a decode iteration 10 ms whatever
 * the batch, and the KV cache holds {@code capacity} tokens.
 */
final class LinearTimingHardware extends ForwardingHardwareModel {
    static final double PREFILL_SECONDS_PER_TOKEN = 100e-6;
    static final double DECODE_SECONDS_PER_STEP = 0.01;

    private final long capacity;

    LinearTimingHardware(long capacity) {
        this.capacity = capacity;
    }

    static SimParams params(ExperimentSpec spec, long capacity) {
        Device device = DeviceCatalog.find(spec.getCluster().getDevice().toString()).orElseThrow();
        ModelArch model = ModelCatalog.find(spec.getModel().getName().toString()).orElseThrow();
        return new SimParams(spec, device, model, new LinearTimingHardware(capacity));
    }

    private InstanceTiming timing() {
        return new InstanceTiming() {
            @Override
            public long kvCapacityTokens() {
                return capacity;
            }

            @Override
            public double prefillSeconds(long newTokens, long contextTokens) {
                return newTokens * PREFILL_SECONDS_PER_TOKEN;
            }

            @Override
            public double prefillPassSeconds(long newTokens, double attentionPairs) {
                return newTokens * PREFILL_SECONDS_PER_TOKEN;
            }

            @Override
            public double decodeStepSeconds(int batch, long kvTokens) {
                return DECODE_SECONDS_PER_STEP;
            }

            @Override
            public double decodeSpanSeconds(int batch, long kvTokensStart, long steps) {
                return steps * DECODE_SECONDS_PER_STEP;
            }
        };
    }

    @Override
    public InstanceTiming inference(Device device, ModelArch model, int tp) {
        return timing();
    }
}
