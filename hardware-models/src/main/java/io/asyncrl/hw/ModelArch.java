package io.asyncrl.hw;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

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

    /**
     * The record of {@code arch} under {@code name}, as every timing and memory model sees it: the
     * parameter counts derived from the shape, carried at three significant digits (the precision model
     * cards publish, e.g. 7.62B for Qwen2.5-7B's 7,615,487,488), the MLA latent cache as the KV figure,
     * and for MoE the per-expert intermediate size as {@code ffn}. A catalog entry, the same shape inline
     * and the same config.json therefore give equal records.
     */
    public static ModelArch of(String name, Architecture arch) {
        return new ModelArch(name, arch.layers(), arch.hidden(), arch.heads(), arch.kvHeads(), arch.headDim(),
                arch.isMoe() ? arch.expertFfn() : arch.ffn(), arch.vocab(), billions(arch.params()),
                billions(arch.activeParams()), arch.isMla() ? arch.kvBytesPerTokenBf16() : 0L);
    }

    /** {@code count} in billions, rounded half-even to three significant digits. */
    public static double billions(long count) {
        return new BigDecimal(count).round(new MathContext(3, RoundingMode.HALF_EVEN)).movePointLeft(9).doubleValue();
    }

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
