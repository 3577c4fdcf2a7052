package io.asyncrl.hw;

/**
 * Predicts device time. Schedulers and operators ask it for durations and never see formulas.
 * Implementations must be immutable, thread-safe and deterministic.
 */
public interface HardwareModel {

    /** Timing of one rollout instance of {@code model} on {@code tp} devices of type {@code device}. */
    InstanceTiming inference(Device device, ModelArch model, int tp);

    /** Whether weights plus the minimum KV cache ({@code minKvTokens}) fit an inference instance. */
    MemoryCheck inferenceFits(Device device, ModelArch model, int tp, long minKvTokens);

    /** A rollout instance run as {@code engine} says (memory share, CUDA graphs or eager). */
    InstanceTiming inference(Device device, ModelArch model, int tp, EngineConfig engine);

    /** {@link #inferenceFits(Device, ModelArch, int, long)} for an engine allowed {@code memoryFraction}. */
    MemoryCheck inferenceFits(Device device, ModelArch model, int tp, long minKvTokens, double memoryFraction);

    /**
     * How the rollout engine runs: memory fraction {@code requestedMemoryFraction} when positive and eager
     * decoding as {@code requestedEager} says when not null; else the model's defaults for the placement (a
     * colocated engine shares the devices with the trainer's resident state and, as verl runs it, decodes
     * eagerly).
     */
    EngineConfig rolloutEngine(boolean colocated, double requestedMemoryFraction, Boolean requestedEager);

    /** Breakdown of one training step. */
    TrainStepTiming trainStep(Device device, ModelArch model, TrainJob job);

    /** Seconds of the job's log-prob forward passes run as a stream of micro-batches (streaming data plane). */
    double streamedLogprobSeconds(Device device, ModelArch model, TrainJob job);

    /** Whether weights, gradients, optimizer state and activations fit the training parallelism. */
    MemoryCheck trainingFits(Device device, ModelArch model, int devices, int tp, int pp);

    /**
     * Seconds to move new weights from the trainer to every rollout instance (disaggregated placement):
     * bytes over the slowest relevant link plus a fixed cost.
     */
    double weightSyncSeconds(Device device, ModelArch model, int trainDevices, int rolloutDevices, int rolloutTp);

    /**
     * The part of {@link #weightSyncSeconds} during which the training devices cannot start the next step (they write
     * the checkpoint, or send the buckets themselves); the rest only delays the rollout's use of the new weights.
     */
    default double weightSyncTrainerSeconds(Device device, ModelArch model, int trainDevices, int rolloutDevices,
            int rolloutTp) {
        return 0.0;
    }

    /**
     * Seconds of one colocated switch between generation and training on the same devices
     * (offload/reload/reshard), paid twice per step in {@code sync} mode.
     */
    double colocatedSwitchSeconds(Device device, ModelArch model, int devices, int rolloutTp, int trainTp);
}
