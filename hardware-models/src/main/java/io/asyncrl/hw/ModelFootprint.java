package io.asyncrl.hw;

/**
 * Sizes and FLOP counts of a {@link ModelArch}: the arithmetic every timing and memory formula shares.
 * Only + - * / are used so that results are bit-identical on every JVM.
 */
public final class ModelFootprint {
    /** Bytes in one GiB. */
    public static final double GIB = 1024d * 1024d * 1024d;

    private ModelFootprint() {}

    /** Bytes of all weights (every expert of an MoE model). */
    public static double weightBytes(ModelArch model, Precision precision) {
        return model.params() * precision.weightBytes();
    }

    /**
     * KV-cache bytes per token for the whole model: 2 (K and V) * layers * kvHeads * headDim * bytes,
     * or the architecture's own figure (MLA) scaled from BF16 to the precision.
     */
    public static double kvBytesPerToken(ModelArch model, Precision precision) {
        if (model.kvBytesPerTokenOverride() > 0) {
            return model.kvBytesPerTokenOverride() * (precision.kvBytes() / 2.0);
        }
        return 2.0 * model.layers() * model.kvHeads() * model.headDim() * precision.kvBytes();
    }

    /**
     * KV-cache bytes per token held by each of {@code tp} devices. KV heads split over TP ranks but are
     * replicated once tp exceeds them (ceil(kvHeads / tp) heads per rank); an MLA latent cache is
     * replicated on every rank (as in vLLM and SGLang).
     */
    public static double kvBytesPerTokenPerDevice(ModelArch model, Precision precision, int tp) {
        if (model.kvBytesPerTokenOverride() > 0) {
            return kvBytesPerToken(model, precision);
        }
        int headsPerRank = (model.kvHeads() + tp - 1) / tp;
        return 2.0 * model.layers() * headsPerRank * model.headDim() * precision.kvBytes();
    }

    /** Matrix FLOPs per token through the active parameters, forward only: 2 * N_active. */
    public static double denseForwardFlopsPerToken(ModelArch model) {
        return 2.0 * model.activeParams();
    }

    /**
     * Attention FLOPs of one (query token, cached token) pair, forward only: QK^T and AV are each
     * 2 * headDim multiply-adds per head per layer.
     */
    public static double attentionFlopsPerPair(ModelArch model) {
        return 4.0 * model.layers() * model.heads() * model.headDim();
    }

    /**
     * Forward FLOPs of a causal sequence of {@code seqLen} tokens, per token: 2 * N_active plus the
     * attention over on average seqLen / 2 earlier tokens.
     */
    public static double forwardFlopsPerToken(ModelArch model, double seqLen) {
        return denseForwardFlopsPerToken(model) + attentionFlopsPerPair(model) * seqLen / 2.0;
    }
}
