package io.asyncrl.hw;

/**
 * Numeric precision of weights, KV cache and matrix math. RL post-training runs BF16 (the
 * {@link HardwareModel} interface always uses it); FP8 exists to compare with published FP8
 * benchmarks. FP8 checkpoints of the measured engines also keep the KV cache in FP8.
 */
public enum Precision {
    BF16(2, 2),
    FP8(1, 1);

    private final int weightBytes;
    private final int kvBytes;

    Precision(int weightBytes, int kvBytes) {
        this.weightBytes = weightBytes;
        this.kvBytes = kvBytes;
    }

    /** Bytes per stored weight. */
    public int weightBytes() {
        return weightBytes;
    }

    /** Bytes per cached K or V element. */
    public int kvBytes() {
        return kvBytes;
    }

    /** Peak matrix throughput relative to dense BF16 on the same device. */
    public double computeSpeedup(OptionValues options) {
        return this == FP8 ? options.get(HardwareModelOptions.FP8_COMPUTE_SPEEDUP) : 1.0;
    }
}
