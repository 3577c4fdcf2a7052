package io.asyncrl.hw;

/**
 * A transformer architecture. For MoE models {@code paramsB} counts every expert (memory) and
 * {@code activeParamsB} the parameters one token passes through (compute).
 *
 * @param kvBytesPerTokenOverride bytes of KV cache per token in BF16 when the architecture does not
 *     follow the standard 2 * layers * kvHeads * headDim * 2 formula (MLA), otherwise 0
 */
public record ModelArch(
        String name,
        int layers,
        int hidden,
        int heads,
        int kvHeads,
        int headDim,
        int ffn,
        int vocab,
        double paramsB,
        double activeParamsB,
        long kvBytesPerTokenOverride) {

    public double params() {
        return paramsB * 1e9;
    }

    public double activeParams() {
        return activeParamsB * 1e9;
    }

    public boolean isMoe() {
        return activeParamsB < paramsB;
    }
}
