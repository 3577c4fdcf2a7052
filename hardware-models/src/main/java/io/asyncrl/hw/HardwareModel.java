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

    /**
     * A rollout instance whose engine may use {@code memoryFraction} of each device's memory for weights,
     * KV cache and reserve (vLLM's gpu_memory_utilization, SGLang's mem_fraction_static).
     */
    InstanceTiming inference(Device device, ModelArch model, int tp, double memoryFraction);

    /** {@link #inferenceFits(Device, ModelArch, int, long)} for an engine allowed {@code memoryFraction}. */
    MemoryCheck inferenceFits(Device device, ModelArch model, int tp, long minKvTokens, double memoryFraction);

    /**
     * The rollout engine's memory fraction: {@code requested} when positive, else the model's default for
     * the placement (a colocated engine shares the devices with the trainer's resident state).
     */
    double rolloutMemoryFraction(boolean colocated, double requested);

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
     * Seconds of one colocated switch between generation and training on the same devices
     * (offload/reload/reshard), paid twice per step in {@code sync} mode.
     */
    double colocatedSwitchSeconds(Device device, ModelArch model, int devices, int rolloutTp, int trainTp);
}
