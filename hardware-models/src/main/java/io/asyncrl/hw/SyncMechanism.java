package io.asyncrl.hw;

/**
 * How a disaggregated run moves new weights from the trainer to the rollout engines
 * ({@code sync.mechanism}; a framework profile's {@code weight_sync}). {@link WeightSyncModel} prices each.
 */
public enum SyncMechanism {
    /** Weights staged in host memory, broadcast in large buckets to every rollout device and copied in (Moonshot's checkpoint-engine). */
    CHECKPOINT_ENGINE("checkpoint-engine"),
    /** The trainer gathers full tensors bucket by bucket and its rank 0 broadcasts each bucket over NCCL to every rollout rank. */
    NCCL("nccl"),
    /** The trainer saves a checkpoint to shared storage; every rollout instance loads it from there. */
    DISK("disk");

    private final String key;

    SyncMechanism(String key) {
        this.key = key;
    }

    /** The spec value, e.g. {@code checkpoint-engine}. */
    public String key() {
        return key;
    }

    /** The spec value: options travel as strings and must parse back to the same constant. */
    @Override
    public String toString() {
        return key;
    }

    /** The mechanism named {@code text}, or a clear error listing the known ones. */
    public static SyncMechanism parse(String text) {
        return SpecKeys.parse(SyncMechanism.class, SyncMechanism::key, text);
    }

    /** "checkpoint-engine, nccl or disk". */
    public static String keys() {
        return SpecKeys.keys(SyncMechanism.class, SyncMechanism::key);
    }
}
