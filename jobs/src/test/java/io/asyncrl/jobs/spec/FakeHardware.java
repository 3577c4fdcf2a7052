package io.asyncrl.jobs.spec;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.HardwareModel;
import io.asyncrl.hw.InstanceTiming;
import io.asyncrl.hw.MemoryCheck;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.TrainJob;
import io.asyncrl.hw.TrainStepTiming;
import java.util.List;
import java.util.Optional;

/**
 * A two-model, one-device stand-in for the catalogs, whose memory model says an instance fits when
 * {@code tp >= minInferenceTp} and training fits when {@code tp * pp >= minTrainShards}. Lets the
 * validator's own logic be tested independently of the calibrated hardware model.
 */
final class FakeHardware implements HardwareLookup {

    static final ModelArch SMALL = new ModelArch("small", 24, 2048, 16, 4, 128, 5632, 32000, 1.2, 1.2, 0);
    static final ModelArch BIG = new ModelArch("big", 80, 8192, 64, 8, 128, 28672, 128256, 70, 70, 0);
    static final Device GPU = new Device("gpu", 1000, 80, 3000, 400, 50, 8);

    private final int minInferenceTp;
    private final int minTrainShards;
    long lastMinKvTokens = -1;
    double lastMemoryFraction = -1;

    FakeHardware(int minInferenceTp, int minTrainShards) {
        this.minInferenceTp = minInferenceTp;
        this.minTrainShards = minTrainShards;
    }

    @Override
    public Optional<ModelArch> model(String name) {
        return modelNames().contains(name) ? Optional.of(name.equals("small") ? SMALL : BIG) : Optional.empty();
    }

    @Override
    public List<String> modelNames() {
        return List.of("small", "big");
    }

    @Override
    public Optional<Device> device(String name) {
        return name.equals("gpu") ? Optional.of(GPU) : Optional.empty();
    }

    @Override
    public List<String> deviceNames() {
        return List.of("gpu");
    }

    @Override
    public HardwareModel hardwareModel() {
        return new HardwareModel() {
            @Override
            public MemoryCheck inferenceFits(Device device, ModelArch model, int tp, long minKvTokens) {
                lastMinKvTokens = minKvTokens;
                return tp >= minInferenceTp ? MemoryCheck.ok(10, 80)
                        : new MemoryCheck(false, 100, 80, model.name() + " needs 100 GiB per device at tp=" + tp);
            }

            @Override
            public MemoryCheck inferenceFits(Device device, ModelArch model, int tp, long minKvTokens, double memoryFraction) {
                lastMemoryFraction = memoryFraction;
                return inferenceFits(device, model, tp, minKvTokens);
            }

            @Override
            public io.asyncrl.hw.EngineConfig rolloutEngine(boolean colocated, double requested, Boolean eager) {
                return new io.asyncrl.hw.EngineConfig(requested > 0 ? requested : colocated ? 0.5 : 0.9,
                        eager != null ? eager : colocated);
            }

            @Override
            public InstanceTiming inference(Device device, ModelArch model, int tp, io.asyncrl.hw.EngineConfig engine) {
                throw new UnsupportedOperationException();
            }

            @Override
            public MemoryCheck trainingFits(Device device, ModelArch model, int devices, int tp, int pp) {
                return tp * pp >= minTrainShards ? MemoryCheck.ok(10, 80)
                        : new MemoryCheck(false, 200, 80, "training state needs 200 GiB per device");
            }

            @Override
            public InstanceTiming inference(Device device, ModelArch model, int tp) {
                throw new UnsupportedOperationException();
            }

            @Override
            public TrainStepTiming trainStep(Device device, ModelArch model, TrainJob job) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double streamedLogprobSeconds(Device device, ModelArch model, TrainJob job) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double weightSyncSeconds(Device d, ModelArch m, int trainDevices, int rolloutDevices, int rolloutTp) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double colocatedSwitchSeconds(Device d, ModelArch m, int devices, int rolloutTp, int trainTp) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
