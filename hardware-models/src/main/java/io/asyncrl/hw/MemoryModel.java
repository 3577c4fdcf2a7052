package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.*;

import java.util.Locale;

/**
 * Memory-fit checks. Inference: weight shard + reserve + the minimum KV cache. Training (mixed-precision
 * Adam with a distributed optimizer): BF16 weights and FP32 gradients sharded by TP * PP, optimizer state
 * additionally sharded over DP, plus one micro-batch of activations and logits, plus a reserve.
 * Messages say what does not fit, by how much, and what to raise.
 */
public final class MemoryModel {
    private static final int MAX_SUGGESTED_TP = 64;

    private final OptionValues options;

    public MemoryModel(OptionValues options) {
        this.options = options;
    }

    public MemoryCheck inferenceFits(Device device, ModelArch model, int tp, long minKvTokens, Precision precision) {
        return inferenceFits(device, model, tp, minKvTokens, precision, 1.0 - options.get(MEMORY_RESERVE_FRACTION));
    }

    /** As above, for an engine allowed {@code memoryFraction} of each device's memory. */
    public MemoryCheck inferenceFits(Device device, ModelArch model, int tp, long minKvTokens, Precision precision,
            double memoryFraction) {
        if (tp < 1) {
            throw new IllegalArgumentException("tp must be >= 1, got " + tp);
        }
        double weights = weightGibPerDevice(model, tp, precision);
        double required = inferenceRequiredGib(device, model, tp, minKvTokens, precision, memoryFraction);
        double available = device.hbmGib();
        if (required <= available) {
            return MemoryCheck.ok(required, available);
        }
        double reserve = device.hbmGib() * (1.0 - memoryFraction);
        double kv = required - weights - reserve;
        StringBuilder msg = new StringBuilder(String.format(Locale.ROOT,
                "%s needs %.1f GiB of weights per device at tp=%d but %s has %s GiB (short by %.1f GiB)",
                model.name(), weights, tp, device.name(), gib(available), required - available));
        int suggestion = smallestFittingTp(device, model, tp, minKvTokens, precision, memoryFraction);
        if (suggestion > 0) {
            msg.append("; raise tp to at least ").append(suggestion);
        } else {
            msg.append("; no tp up to ").append(MAX_SUGGESTED_TP).append(" fits");
        }
        msg.append(String.format(Locale.ROOT, " (counting %.1f GiB kept from the engine, memory fraction %.2f, and %.1f GiB "
                + "of KV cache for %d tokens)", reserve, memoryFraction, kv, minKvTokens));
        return new MemoryCheck(false, required, available, msg.toString());
    }

    double inferenceRequiredGib(Device device, ModelArch model, int tp, long minKvTokens, Precision precision,
            double memoryFraction) {
        double kvGib = StrictMath.max(0L, minKvTokens) * ModelFootprint.kvBytesPerTokenPerDevice(model, precision, tp)
                / ModelFootprint.GIB;
        return weightGibPerDevice(model, tp, precision) + device.hbmGib() * (1.0 - memoryFraction) + kvGib;
    }

    private int smallestFittingTp(Device device, ModelArch model, int tp, long minKvTokens, Precision precision,
            double memoryFraction) {
        for (int t = 2; t <= MAX_SUGGESTED_TP; t *= 2) {
            if (t > tp && model.heads() % t == 0
                    && inferenceRequiredGib(device, model, t, minKvTokens, precision, memoryFraction) <= device.hbmGib()) {
                return t;
            }
        }
        return -1;
    }

    /** "80" for whole numbers, "79.6" otherwise. */
    static String gib(double value) {
        return value == StrictMath.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static double weightGibPerDevice(ModelArch model, int tp, Precision precision) {
        return ModelFootprint.weightBytes(model, precision) / tp / ModelFootprint.GIB;
    }

    /** Per-device training memory broken down, in GiB. */
    public record TrainingMemory(double weights, double gradients, double optimizer, double activations, double reserve) {
        public double total() {
            return weights + gradients + optimizer + activations + reserve;
        }
    }

    public TrainingMemory trainingMemory(Device device, ModelArch model, int devices, int tp, int pp) {
        int dp = TrainingTimeModel.dataParallel(devices, tp, pp);
        double shard = model.params() / (tp * (double) pp);
        double weights = shard * 2.0 / ModelFootprint.GIB;
        double grads = shard * options.get(GRAD_BYTES_PER_PARAM) / ModelFootprint.GIB;
        double optimizer = shard * options.get(OPTIMIZER_BYTES_PER_PARAM) / dp / ModelFootprint.GIB;
        double activations = activationBytes(model, tp, pp) / ModelFootprint.GIB;
        double reserve = device.hbmGib() * options.get(TRAIN_MEMORY_RESERVE_FRACTION);
        return new TrainingMemory(weights, grads, optimizer, activations, reserve);
    }

    /**
     * One micro-batch in flight per stage with full recompute: the BF16 layer inputs kept for every
     * layer of the stage, one layer's working set (34 * tokens * hidden bytes, Korthikanti et al. 2022,
     * split by TP with sequence parallelism) and FP32 logits over the vocabulary.
     */
    private double activationBytes(ModelArch model, int tp, int pp) {
        double t = options.get(MICRO_BATCH_TOKENS);
        double checkpoints = (double) model.layers() / pp * t * model.hidden() * 2.0 / tp;
        double layer = 34.0 * t * model.hidden() / tp;
        double logits = t * (double) model.vocab() * 4.0 / tp;
        return checkpoints + layer + logits;
    }

    public MemoryCheck trainingFits(Device device, ModelArch model, int devices, int tp, int pp) {
        TrainingMemory m = trainingMemory(device, model, devices, tp, pp);
        double required = m.total();
        double available = device.hbmGib();
        if (required <= available) {
            return MemoryCheck.ok(required, available);
        }
        int dp = devices / (tp * pp);
        String msg = String.format(Locale.ROOT,
                "%s needs %.1f GiB per device to train at tp=%d pp=%d dp=%d (weights %.1f, gradients %.1f, "
                        + "optimizer %.1f, activations %.1f, reserve %.1f) but %s has %s GiB (short by %.1f GiB); "
                        + "raise tp*pp or the number of devices",
                model.name(), required, tp, pp, dp, m.weights(), m.gradients(), m.optimizer(), m.activations(),
                m.reserve(), device.name(), gib(available), required - available);
        return new MemoryCheck(false, required, available, msg);
    }
}
