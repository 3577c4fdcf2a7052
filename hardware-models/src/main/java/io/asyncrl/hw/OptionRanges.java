package io.asyncrl.hw;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The plausible range of every numeric option of {@link HardwareModelOptions}: what a spec's
 * {@code hardware:} block may set and the box a calibration fit stays in. Kept apart from the option
 * declarations so that adding an option needs no range; one without an entry here only has to be a finite
 * number >= 0.
 */
public final class OptionRanges {

    /** A closed interval [min, max]. */
    public record Range(double min, double max) {
        public boolean contains(double v) {
            return v >= min && v <= max;
        }

        public double clamp(double v) {
            return v < min ? min : (v > max ? max : v);
        }

        @Override
        public String toString() {
            return "[" + fmt(min) + ", " + fmt(max) + "]";
        }
    }

    /** Fractions of a datasheet figure: above 0 (a zero efficiency would mean infinite time), at most 1. */
    private static final Range EFFICIENCY = new Range(0.01, 1.0);
    private static final Range SHARE = new Range(0.0, 1.0);
    private static final Range RESERVE = new Range(0.0, 0.9);
    private static final Range SECONDS = new Range(0.0, 3600.0);
    private static final Range RATE_GBPS = new Range(0.001, 100_000.0);
    private static final Range NON_NEGATIVE = new Range(0.0, Double.MAX_VALUE);

    private static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry(HardwareModelOptions.FP8_COMPUTE_SPEEDUP.key(), new Range(1.0, 4.0)),
            Map.entry(HardwareModelOptions.HBM_BANDWIDTH_EFFICIENCY.key(), EFFICIENCY),
            Map.entry(HardwareModelOptions.DECODE_COMPUTE_EFFICIENCY.key(), EFFICIENCY),
            Map.entry(HardwareModelOptions.PREFILL_COMPUTE_EFFICIENCY.key(), EFFICIENCY),
            Map.entry(HardwareModelOptions.DECODE_STEP_OVERHEAD_MS.key(), new Range(0.0, 100.0)),
            Map.entry(HardwareModelOptions.MEMORY_RESERVE_FRACTION.key(), RESERVE),
            Map.entry(HardwareModelOptions.COLOCATED_MEMORY_FRACTION.key(), new Range(0.05, 1.0)),
            Map.entry(HardwareModelOptions.EAGER_OVERHEAD_US_PER_LAYER.key(), new Range(0.0, 10_000.0)),
            Map.entry(HardwareModelOptions.DECODE_OVERHEAD_US_PER_LAYER.key(), new Range(0.0, 10_000.0)),
            Map.entry(HardwareModelOptions.DECODE_OVERHEAD_US_PER_SEQ.key(), new Range(0.0, 10_000.0)),
            Map.entry(HardwareModelOptions.MAX_NUM_SEQS.key(), new Range(1, 1_000_000)),
            Map.entry(HardwareModelOptions.INTRA_NODE_LINK_EFFICIENCY.key(), EFFICIENCY),
            Map.entry(HardwareModelOptions.PCIE_LINK_EFFICIENCY.key(), EFFICIENCY),
            Map.entry(HardwareModelOptions.INTER_NODE_LINK_EFFICIENCY.key(), EFFICIENCY),
            Map.entry(HardwareModelOptions.COLLECTIVE_LATENCY_US.key(), new Range(0.0, 10_000.0)),
            Map.entry(HardwareModelOptions.TRAIN_MFU.key(), EFFICIENCY),
            Map.entry(HardwareModelOptions.TRAIN_MOE_EFFICIENCY.key(), EFFICIENCY),
            Map.entry(HardwareModelOptions.MICRO_BATCH_TOKENS.key(), new Range(1, 1_000_000_000)),
            Map.entry(HardwareModelOptions.VIRTUAL_PIPELINE_STAGES.key(), new Range(1, 1000)),
            Map.entry(HardwareModelOptions.TP_COMM_OVERLAP.key(), SHARE),
            Map.entry(HardwareModelOptions.DP_COMM_OVERLAP.key(), SHARE),
            Map.entry(HardwareModelOptions.GRAD_BYTES_PER_PARAM.key(), new Range(0.0, 64.0)),
            Map.entry(HardwareModelOptions.OPTIMIZER_BYTES_PER_PARAM.key(), new Range(0.0, 64.0)),
            Map.entry(HardwareModelOptions.TRAIN_MEMORY_RESERVE_FRACTION.key(), RESERVE),
            Map.entry(HardwareModelOptions.SYNC_FIXED_SECONDS.key(), SECONDS),
            Map.entry(HardwareModelOptions.SYNC_UPDATE_GBPS.key(), RATE_GBPS),
            Map.entry(HardwareModelOptions.SYNC_BROADCAST_HOP_SECONDS.key(), SECONDS),
            Map.entry(HardwareModelOptions.SYNC_BUCKET_MB.key(), new Range(1.0, 1_048_576.0)),
            Map.entry(HardwareModelOptions.SYNC_BUCKET_LATENCY_MS.key(), new Range(0.0, 60_000.0)),
            Map.entry(HardwareModelOptions.SYNC_LOAD_US_PER_TENSOR.key(), new Range(0.0, 1_000_000.0)),
            Map.entry(HardwareModelOptions.SYNC_DISK_WRITE_GBPS.key(), RATE_GBPS),
            Map.entry(HardwareModelOptions.SYNC_DISK_READ_GBPS.key(), RATE_GBPS),
            Map.entry(HardwareModelOptions.SWITCH_FIXED_SECONDS.key(), SECONDS),
            Map.entry(HardwareModelOptions.SWITCH_HOST_GBPS.key(), RATE_GBPS),
            Map.entry(HardwareModelOptions.INFERENCE_TIME_SCALE.key(), new Range(0.1, 10.0)),
            Map.entry(HardwareModelOptions.TRAIN_TIME_SCALE.key(), new Range(0.1, 10.0)));

    private OptionRanges() {}

    /** The range of a numeric option; options without an entry get [0, max double]. Empty for booleans and choices. */
    public static Optional<Range> of(Option<?> option) {
        if (!Number.class.isAssignableFrom(option.type())) {
            return Optional.empty();
        }
        return Optional.of(RANGES.getOrDefault(option.key(), NON_NEGATIVE));
    }

    /**
     * Parses {@code text} for {@code option} and checks its type and range.
     *
     * @throws IllegalArgumentException naming the option, what it expects and, when out of range, the range
     */
    public static Object parseChecked(Option<?> option, String text) {
        Object value;
        try {
            value = option.parse(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option.key() + " expects " + expected(option) + ", got '" + text + "'");
        }
        Optional<Range> range = of(option);
        if (range.isPresent()) {
            double v = ((Number) value).doubleValue();
            if (!Double.isFinite(v) || !range.get().contains(v)) {
                String what = option.description().endsWith(".")
                        ? option.description().substring(0, option.description().length() - 1) : option.description();
                throw new IllegalArgumentException(option.key() + " must be in " + range.get() + ", got " + text.trim()
                        + " (" + what + ")");
            }
        }
        return value;
    }

    /** "a number", "an integer", "true or false" or the choices of a mechanism. */
    public static String expected(Option<?> option) {
        if (option.type() == Boolean.class) {
            return "true or false";
        }
        if (option.type() == SyncMechanism.class) {
            return SyncMechanism.keys();
        }
        if (option.type() == InferenceEngine.class) {
            return InferenceEngine.keys();
        }
        return option.type() == Integer.class ? "an integer" : "a number";
    }

    static String fmt(double v) {
        if (v == Double.MAX_VALUE) {
            return "inf";
        }
        return v == StrictMath.rint(v) && StrictMath.abs(v) < 1e15 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%s", v);
    }
}
