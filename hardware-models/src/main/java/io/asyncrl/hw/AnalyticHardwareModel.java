package io.asyncrl.hw;

/**
 * The analytic (roofline) hardware model: BF16, as RL post-training runs, with every efficiency taken from
 * {@link OptionValues}. Immutable and thread-safe; the same inputs give bit-identical outputs.
 */
public final class AnalyticHardwareModel implements HardwareModel {
    private final OptionValues options;
    private final MemoryModel memory;
    private final TrainingTimeModel training;
    private final WeightSyncModel sync;

    public AnalyticHardwareModel(OptionValues options) {
        this.options = options;
        this.memory = new MemoryModel(options);
        this.training = new TrainingTimeModel(options);
        this.sync = new WeightSyncModel(options);
    }

    public OptionValues options() {
        return options;
    }

    @Override
    public RooflineInstanceTiming inference(Device device, ModelArch model, int tp) {
        return new RooflineInstanceTiming(device, model, tp, Precision.BF16, options);
    }

    @Override
    public MemoryCheck inferenceFits(Device device, ModelArch model, int tp, long minKvTokens) {
        return memory.inferenceFits(device, model, tp, minKvTokens, Precision.BF16);
    }

    @Override
    public RooflineInstanceTiming inference(Device device, ModelArch model, int tp, EngineConfig engine) {
        return new RooflineInstanceTiming(device, model, tp, Precision.BF16, options, engine);
    }

    @Override
    public MemoryCheck inferenceFits(Device device, ModelArch model, int tp, long minKvTokens, double memoryFraction) {
        return memory.inferenceFits(device, model, tp, minKvTokens, Precision.BF16, memoryFraction);
    }

    @Override
    public EngineConfig rolloutEngine(boolean colocated, double requestedMemoryFraction, Boolean requestedEager) {
        double fraction = requestedMemoryFraction > 0 ? requestedMemoryFraction
                : colocated ? options.get(HardwareModelOptions.COLOCATED_MEMORY_FRACTION)
                : 1.0 - options.get(HardwareModelOptions.MEMORY_RESERVE_FRACTION);
        boolean eager = requestedEager != null ? requestedEager
                : colocated ? options.get(HardwareModelOptions.COLOCATED_EAGER)
                : options.get(HardwareModelOptions.DEDICATED_EAGER);
        return new EngineConfig(fraction, eager);
    }

    @Override
    public TrainStepTiming trainStep(Device device, ModelArch model, TrainJob job) {
        return training.trainStep(device, model, job, Precision.BF16);
    }

    @Override
    public double streamedLogprobSeconds(Device device, ModelArch model, TrainJob job) {
        return training.streamedLogprobSeconds(device, model, job, Precision.BF16);
    }

    @Override
    public MemoryCheck trainingFits(Device device, ModelArch model, int devices, int tp, int pp) {
        return memory.trainingFits(device, model, devices, tp, pp);
    }

    @Override
    public double weightSyncSeconds(Device device, ModelArch model, int trainDevices, int rolloutDevices, int rolloutTp) {
        return sync.weightSyncSeconds(device, model, trainDevices, rolloutDevices, rolloutTp, Precision.BF16);
    }

    @Override
    public double weightSyncTrainerSeconds(Device device, ModelArch model, int trainDevices, int rolloutDevices,
            int rolloutTp) {
        return sync.trainerBlockedSeconds(device, model, trainDevices, rolloutDevices, rolloutTp, Precision.BF16);
    }

    @Override
    public double colocatedSwitchSeconds(Device device, ModelArch model, int devices, int rolloutTp, int trainTp) {
        return sync.colocatedSwitchSeconds(device, model, devices, rolloutTp, trainTp);
    }
}
