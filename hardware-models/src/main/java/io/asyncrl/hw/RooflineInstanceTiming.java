package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.*;

/**
 * Roofline timing of one rollout instance (a model replica on {@code tp} devices):
 *
 * <ul>
 *   <li>prefill is compute-bound: (2 * N_active * tokens + attention) / (tp * peak * efficiency),
 *       but never faster than one read of the weights;</li>
 *   <li>a decode step is max(memory time, compute time) + an engine overhead (fixed, per layer, per running
 *       sequence; the per-layer part larger when eager) + TP all-reduces,
 *       where memory time reads the weight shard plus the whole KV cache, and compute time covers
 *       2 * N_active per sequence plus attention over every cached token;</li>
 *   <li>the KV-cache capacity is device memory minus the weight shard and a reserve.</li>
 * </ul>
 *
 * <p>For a fixed batch both roofline terms are linear in the KV tokens, which makes the closed form of
 * {@link #decodeSpanSeconds} exact: the span is split at the single crossover of the two lines.
 * MoE decode reads all experts' weights (a rollout batch of hundreds touches them all).
 */
public final class RooflineInstanceTiming implements InstanceTiming {
    private final int tp;
    private final int maxNumSeqs;
    private final long kvCapacityTokens;
    private final double weightReadSeconds;
    private final double kvReadSecondsPerToken;
    private final double denseFlopsPerToken;
    private final double attentionFlopsPerPair;
    private final double prefillFlopsPerSecond;
    private final double decodeFlopsPerSecond;
    private final double stepOverheadSeconds;
    private final double perSequenceOverheadSeconds;
    private final double allReduceLatencySeconds;
    private final double allReduceSecondsPerToken;
    private final int allReducesPerForward;
    /** {@code inference.time-scale}: every prefill and decode time is multiplied by it (1 leaves them exact). */
    private final double timeScale;

    public RooflineInstanceTiming(Device device, ModelArch model, int tp, Precision precision, OptionValues options) {
        this(device, model, tp, precision, options, new EngineConfig(1.0 - options.get(MEMORY_RESERVE_FRACTION), false));
    }

    /**
     * An instance run as {@code engine} says: its share of each device's memory for weights, KV cache and
     * reserve, and eager decoding (no CUDA graphs: a launch cost per layer on every decode step).
     */
    public RooflineInstanceTiming(Device device, ModelArch model, int tp, Precision precision, OptionValues requested,
            EngineConfig engine) {
        // the inference engine's profile fills the efficiencies the caller left at default
        OptionValues options = EngineProfiles.resolve(requested);
        double memoryFraction = engine.memoryFraction();
        if (tp < 1) {
            throw new IllegalArgumentException("tp must be >= 1, got " + tp);
        }
        this.tp = tp;
        this.maxNumSeqs = options.get(MAX_NUM_SEQS);
        this.timeScale = options.get(HardwareModelOptions.INFERENCE_TIME_SCALE);
        double hbmBytesPerSecond = device.hbmGBps() * 1e9 * options.get(HBM_BANDWIDTH_EFFICIENCY);
        double weightBytesPerDevice = ModelFootprint.weightBytes(model, precision) / tp;
        double kvBytesPerDevice = ModelFootprint.kvBytesPerTokenPerDevice(model, precision, tp);
        double usable = device.hbmBytes() * memoryFraction - weightBytesPerDevice;
        this.kvCapacityTokens = usable <= 0 ? 0L : (long) (usable / kvBytesPerDevice);
        this.weightReadSeconds = weightBytesPerDevice / hbmBytesPerSecond;
        this.kvReadSecondsPerToken = kvBytesPerDevice / hbmBytesPerSecond;
        this.denseFlopsPerToken = ModelFootprint.denseForwardFlopsPerToken(model);
        this.attentionFlopsPerPair = ModelFootprint.attentionFlopsPerPair(model);
        double peak = tp * device.bf16Tflops() * 1e12 * precision.computeSpeedup(options);
        this.prefillFlopsPerSecond = peak * options.get(PREFILL_COMPUTE_EFFICIENCY);
        this.decodeFlopsPerSecond = peak * options.get(DECODE_COMPUTE_EFFICIENCY);
        // Per decode step: a fixed engine cost, a cost per layer (kernel boundaries; larger without CUDA graphs) and a
        // cost per running sequence (see perStepFixed): the small-batch tail pays them on every token it decodes.
        this.stepOverheadSeconds = options.get(DECODE_STEP_OVERHEAD_MS) / 1e3
                + model.layers() * options.get(DECODE_OVERHEAD_US_PER_LAYER) / 1e6
                + (engine.eager() ? model.layers() * options.get(EAGER_OVERHEAD_US_PER_LAYER) / 1e6 : 0.0);
        this.perSequenceOverheadSeconds = options.get(DECODE_OVERHEAD_US_PER_SEQ) / 1e6;
        // Megatron-style TP: two all-reduces of the hidden state per layer (after attention and after MLP).
        this.allReducesPerForward = tp > 1 ? 2 * model.layers() : 0;
        this.allReduceLatencySeconds = options.get(COLLECTIVE_LATENCY_US) / 1e6;
        double linkBytesPerSecond = Collectives.linkBytesPerSecond(device, tp, options);
        // Activations stay BF16 even with FP8 weights; a ring all-reduce moves 2(tp-1)/tp of the tensor.
        this.allReduceSecondsPerToken = tp > 1
                ? model.hidden() * 2.0 * 2.0 * (tp - 1) / tp / linkBytesPerSecond
                : 0.0;
    }

    public int tp() {
        return tp;
    }

    @Override
    public long kvCapacityTokens() {
        return kvCapacityTokens;
    }

    /**
     * Sequences the instance can run at once when each may grow to {@code tokensPerSequence} tokens:
     * the KV capacity divided by that length, capped by {@code inference.max-num-seqs}.
     */
    public int maxConcurrentSequences(long tokensPerSequence) {
        if (tokensPerSequence <= 0) {
            throw new IllegalArgumentException("tokensPerSequence must be > 0, got " + tokensPerSequence);
        }
        return (int) StrictMath.min(maxNumSeqs, kvCapacityTokens / tokensPerSequence);
    }

    @Override
    public double prefillSeconds(long newTokens, long contextTokens) {
        return prefillBatchSeconds(1, newTokens, contextTokens);
    }

    /**
     * Seconds to prefill {@code sequences} sequences together, each adding {@code newTokens} tokens on top of
     * {@code contextTokens} cached ones: the weights are read once for the whole batch.
     */
    public double prefillBatchSeconds(long sequences, long newTokens, long contextTokens) {
        if (sequences <= 0 || newTokens <= 0) {
            return 0.0;
        }
        double n = newTokens;
        double c = StrictMath.max(0L, contextTokens);
        // Causal attention: new token i sees contextTokens + i earlier tokens (i = 1..n).
        double pairs = n * c + n * (n + 1.0) / 2.0;
        double flops = sequences * (denseFlopsPerToken * n + attentionFlopsPerPair * pairs);
        double compute = flops / prefillFlopsPerSecond;
        double memory = weightReadSeconds + kvReadSecondsPerToken * sequences * c;
        return timeScale * (StrictMath.max(compute, memory) + tpCommSeconds(sequences * n));
    }

    @Override
    public double prefillPassSeconds(long newTokens, double attentionPairs) {
        if (newTokens <= 0) {
            return 0.0;
        }
        double flops = denseFlopsPerToken * newTokens + attentionFlopsPerPair * StrictMath.max(0.0, attentionPairs);
        return timeScale * (StrictMath.max(flops / prefillFlopsPerSecond, weightReadSeconds) + tpCommSeconds(newTokens));
    }

    @Override
    public double decodeStepSeconds(int batch, long kvTokens) {
        if (batch <= 0) {
            return 0.0;
        }
        double kv = kvTokens;
        return timeScale * (StrictMath.max(memoryIntercept() + memorySlope() * kv, computeIntercept(batch)
                + computeSlope() * kv) + perStepFixed(batch));
    }

    @Override
    public double decodeSpanSeconds(int batch, long kvTokensStart, long steps) {
        if (batch <= 0 || steps <= 0) {
            return 0.0;
        }
        double memA = memoryIntercept();
        double memB = memorySlope();
        double cmpA = computeIntercept(batch);
        double cmpB = computeSlope();
        double k0 = kvTokensStart;
        double b = batch;
        double s = steps;
        // d(i) = memory(i) - compute(i) is linear in the step index i; memory wins where d(i) >= 0.
        double d0 = (memA - cmpA) + (memB - cmpB) * k0;
        double slope = (memB - cmpB) * b;
        double total;
        if (slope == 0.0) {
            total = d0 >= 0 ? linearSum(memA, memB, k0, b, 0, s) : linearSum(cmpA, cmpB, k0, b, 0, s);
        } else {
            double crossover = -d0 / slope;
            if (slope > 0) {
                // compute-bound before the crossover, memory-bound from it on
                double m = clamp(StrictMath.ceil(crossover), 0, s);
                total = linearSum(cmpA, cmpB, k0, b, 0, m) + linearSum(memA, memB, k0, b, m, s);
            } else {
                double m = clamp(StrictMath.floor(crossover) + 1.0, 0, s);
                total = linearSum(memA, memB, k0, b, 0, m) + linearSum(cmpA, cmpB, k0, b, m, s);
            }
        }
        return timeScale * (total + s * perStepFixed(batch));
    }

    /** Sum over i in [from, to) of a + slope * (k0 + i * b). */
    private static double linearSum(double a, double slope, double k0, double b, double from, double to) {
        double n = to - from;
        if (n <= 0) {
            return 0.0;
        }
        double indexSum = (from + to - 1.0) * n / 2.0;
        return n * a + slope * (n * k0 + b * indexSum);
    }

    private static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }

    private double memoryIntercept() {
        return weightReadSeconds;
    }

    private double memorySlope() {
        return kvReadSecondsPerToken;
    }

    private double computeIntercept(int batch) {
        return denseFlopsPerToken * batch / decodeFlopsPerSecond;
    }

    private double computeSlope() {
        // Each running sequence's new token attends over its own cached tokens: kvTokens pairs in total.
        return attentionFlopsPerPair / decodeFlopsPerSecond;
    }

    private double perStepFixed(int batch) {
        return stepOverheadSeconds + perSequenceOverheadSeconds * batch + tpCommSeconds(batch);
    }

    private double tpCommSeconds(double tokens) {
        if (allReducesPerForward == 0) {
            return 0.0;
        }
        return allReducesPerForward * (allReduceLatencySeconds + tokens * allReduceSecondsPerToken);
    }
}
