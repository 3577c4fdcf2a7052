package io.asyncrl.hw;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The execution mechanics of the RL frameworks people run, as their documented defaults set them. A profile is a
 * named set of {@link Mechanic} values, each with the source it was read in; a mechanic is one or more
 * hardware-model options (or, for {@code driver_reward_ms}, {@code dispatch} and {@code stale_samples}, a scheduling
 * rule the simulator reads with {@link #value}), so a profile is a preset of {@link OptionValues} and every mechanic
 * can be overridden
 * (a spec's {@code framework: {name: verl, param_offload: true}}).
 *
 * <p>A profile sets only what its source says; every other mechanic keeps the model's default. The profile
 * {@code ideal} sets nothing: a spec without {@code framework} runs exactly as before profiles existed.
 */
public final class FrameworkProfiles {
    private FrameworkProfiles() {}

    /** The name a spec without a {@code framework} field gets: no mechanic changed. */
    public static final String IDEAL = "ideal";

    /** One mechanic a framework decides, the spec key that names it and the options it sets. */
    public enum Mechanic {
        PARAM_OFFLOAD("param_offload", "true or false: BF16 weights to host memory and back at each colocated switch"),
        GRAD_OFFLOAD("grad_offload", "true or false: FP32 gradients to host memory and back at each colocated switch"),
        OPTIMIZER_OFFLOAD("optimizer_offload", "true or false: optimizer state to host memory and back at each colocated switch"),
        GRADIENT_CHECKPOINTING("gradient_checkpointing", "true or false: activations recomputed in the backward pass"),
        LOGPROB_SOURCE("logprob_source", "trainer or rollout: where the old policy's log-probs come from"),
        REFERENCE_LOGPROBS("reference_logprobs", "true or false: a reference-model forward pass for the KL term"),
        RESHARD("reshard", "gather or tp-regather: how a colocated switch builds the inference layout"),
        ROLLOUT_MEMORY_FRACTION("rollout_memory_fraction", "a number in (0, 1]: the rollout engine's share of device memory"),
        ROLLOUT_EAGER("rollout_eager", "true or false: the rollout engine decodes without CUDA graphs"),
        MAX_NUM_SEQS("max_num_seqs", "a positive integer: sequences one rollout instance runs at once"),
        MINIBATCH_SPLIT("minibatch_split", "tokens or count: how a data-parallel rank's share is cut into minibatches"),
        PIPELINE_PARTITION("pipeline_partition", "compute or parameters: how the trainer's pipeline stages are cut "
                + "(parameters: by parameter count, so the slowest stage paces the pipeline)"),
        WEIGHT_SYNC("weight_sync", "checkpoint-engine, nccl or disk: how a disaggregated run moves new weights to the rollout"),
        SYNC_BUCKET_MB("sync_bucket_mb", "a number of MiB in [1, 1048576]: the size of one nccl weight bucket"),
        DRIVER_REWARD_MS("driver_reward_ms", "a number of milliseconds in [0, 60000]: per answer, the time the trainer's "
                + "driver spends scoring a synchronous batch one answer after another after generation (0: the workload's "
                + "reward workers score answers as they finish)"),
        DISPATCH("dispatch", "round-robin or least-queued: how the async controller picks the rollout instance of "
                + "each prompt's group (round-robin: group g to instance g mod instances, each instance admitting its own "
                + "groups; least-queued: each answer to the instance with the most free queue credits)"),
        STALE_SAMPLES("stale_samples", "drop or train: what an asynchronous trainer does with an answer older than the "
                + "staleness bound (drop: it is never trained; train: the bound holds at admission only, so a long answer "
                + "overtaken by shorter ones is trained however old it is when its group completes)"),
        INFERENCE_ENGINE("inference_engine", InferenceEngine.keys()
                + ": the rollout engine and release, whose efficiency profile the rollout runs on (EngineProfiles)");

        private final String key;
        private final String expected;

        Mechanic(String key, String expected) {
            this.key = key;
            this.expected = expected;
        }

        /** The spec key, e.g. {@code param_offload}. */
        public String key() {
            return key;
        }

        public String expected() {
            return expected;
        }

        /** {@code options} with this mechanic set to {@code value}; a bad value fails naming the key and what it takes. */
        OptionValues apply(OptionValues options, String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            return switch (this) {
                case PARAM_OFFLOAD -> options.with(HardwareModelOptions.PARAM_OFFLOAD, bool(v));
                case GRAD_OFFLOAD -> options.with(HardwareModelOptions.GRAD_OFFLOAD, bool(v));
                case OPTIMIZER_OFFLOAD -> options.with(HardwareModelOptions.OPTIMIZER_OFFLOAD, bool(v));
                case GRADIENT_CHECKPOINTING -> options.with(HardwareModelOptions.ACTIVATION_RECOMPUTE, bool(v));
                case LOGPROB_SOURCE -> options.with(HardwareModelOptions.LOGPROB_RECOMPUTE, oneOf(v, "trainer", "rollout"));
                case REFERENCE_LOGPROBS -> options.with(HardwareModelOptions.REFERENCE_LOGPROBS, bool(v));
                case RESHARD -> options.with(HardwareModelOptions.RESHARD_GATHER, oneOf(v, "gather", "tp-regather"));
                // The engine's setting (vLLM gpu_memory_utilization, SGLang mem_fraction_static) holds wherever it runs:
                // beside the trainer's state (colocated) or on its own devices, where the rest is reserve.
                case ROLLOUT_MEMORY_FRACTION -> options.with(HardwareModelOptions.COLOCATED_MEMORY_FRACTION, fraction(v))
                        .with(HardwareModelOptions.MEMORY_RESERVE_FRACTION, 1.0 - fraction(v));
                case ROLLOUT_EAGER -> options.with(HardwareModelOptions.COLOCATED_EAGER, bool(v))
                        .with(HardwareModelOptions.DEDICATED_EAGER, bool(v));
                case MAX_NUM_SEQS -> options.with(HardwareModelOptions.MAX_NUM_SEQS, positiveInt(v));
                case MINIBATCH_SPLIT -> options.with(HardwareModelOptions.MINIBATCH_BY_COUNT, !oneOf(v, "tokens", "count"));
                case PIPELINE_PARTITION -> options.with(HardwareModelOptions.PIPELINE_PARTITION_BY_PARAMETERS,
                        !oneOf(v, "compute", "parameters"));
                case WEIGHT_SYNC -> options.with(HardwareModelOptions.SYNC_MECHANISM, mechanism(v));
                case SYNC_BUCKET_MB -> options.with(HardwareModelOptions.SYNC_BUCKET_MB, bucketMib(v));
                case INFERENCE_ENGINE -> options.with(HardwareModelOptions.INFERENCE_ENGINE, engine(v));
                // a scheduling rule, not a hardware option: the trainer simulator reads it (value(...)); checked here
                case DRIVER_REWARD_MS -> {
                    milliseconds(v);
                    yield options;
                }
                // a scheduling rule too: the rollout simulator reads it (roundRobin(...))
                case DISPATCH -> {
                    roundRobin(v);
                    yield options;
                }
                // a rule of the trainer simulator (trainsStale(...))
                case STALE_SAMPLES -> {
                    trainsStale(v);
                    yield options;
                }
            };
        }

        private boolean bool(String v) {
            return oneOf(v, "true", "false");
        }

        /** True for {@code yes}, false for {@code no}, else a clear error. */
        private boolean oneOf(String v, String yes, String no) {
            if (v.equals(yes)) {
                return true;
            }
            if (v.equals(no)) {
                return false;
            }
            throw bad(v);
        }

        private double fraction(String v) {
            try {
                double f = Double.parseDouble(v);
                if (f > 0.0 && f <= 1.0) {
                    return f;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad(v);
        }

        private SyncMechanism mechanism(String v) {
            try {
                return SyncMechanism.parse(v);
            } catch (IllegalArgumentException e) {
                throw bad(v);
            }
        }

        private InferenceEngine engine(String v) {
            try {
                return InferenceEngine.parse(v);
            } catch (IllegalArgumentException e) {
                throw bad(v);
            }
        }

        private double bucketMib(String v) {
            try {
                double mib = Double.parseDouble(v);
                if (mib >= 1.0 && mib <= 1_048_576.0) {
                    return mib;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad(v);
        }

        private double milliseconds(String v) {
            try {
                double ms = Double.parseDouble(v);
                if (ms >= 0.0 && ms <= 60_000.0) {
                    return ms;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad(v);
        }

        /** The value of a number-valued mechanic that sets no option (driver_reward_ms), checked. */
        public double number(String v) {
            return milliseconds(v.trim());
        }

        /** The value of {@code dispatch}, checked: true for round-robin, false for least-queued. */
        public boolean roundRobin(String v) {
            return oneOf(v.trim().toLowerCase(Locale.ROOT), "round-robin", "least-queued");
        }

        /** The value of {@code stale_samples}, checked: true for train, false for drop. */
        public boolean trainsStale(String v) {
            return oneOf(v.trim().toLowerCase(Locale.ROOT), "train", "drop");
        }

        private int positiveInt(String v) {
            try {
                int n = Integer.parseInt(v);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad(v);
        }

        private IllegalArgumentException bad(String v) {
            return new IllegalArgumentException(key + " must be " + expected + ", got '" + v + "'");
        }

        /** The mechanic named {@code key} in a spec. */
        public static Optional<Mechanic> byKey(String key) {
            for (Mechanic m : values()) {
                if (m.key.equals(key)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }

        public static List<String> keys() {
            List<String> keys = new ArrayList<>();
            for (Mechanic m : values()) {
                keys.add(m.key);
            }
            return keys;
        }
    }

    /** A mechanic's value in a profile and where it was read. */
    public record Setting(Mechanic mechanic, String value, String source) {}

    /** A framework: its settings in order. */
    public record Profile(String name, String description, List<Setting> settings) {
        /** The profile's value for {@code m}, if it sets one. */
        public Optional<String> value(Mechanic m) {
            return settings.stream().filter(s -> s.mechanic() == m).map(Setting::value).findFirst();
        }
    }

    private static final Map<String, Profile> PROFILES = FrameworkProfileCatalog.profiles();

    public static List<String> names() {
        return List.copyOf(PROFILES.keySet());
    }

    public static Optional<Profile> find(String name) {
        return Optional.ofNullable(PROFILES.get(name == null ? IDEAL : name.toLowerCase(Locale.ROOT)));
    }

    /** The profile named {@code name}, or a clear error listing the known ones. */
    public static Profile profile(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown framework '" + name + "'; known: " + String.join(", ", names())));
    }

    /**
     * {@code base} with the profile's mechanics and then {@code overrides} (spec key -> value) applied. Unknown keys
     * and bad values fail with a message naming the key and what it takes.
     */
    public static OptionValues options(String name, Map<String, String> overrides, OptionValues base) {
        OptionValues out = base;
        for (Setting s : profile(name).settings()) {
            out = s.mechanic().apply(out, s.value());
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            Mechanic m = Mechanic.byKey(e.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown framework setting '" + e.getKey() + "'; known: " + String.join(", ", Mechanic.keys())));
            out = m.apply(out, e.getValue());
        }
        return out;
    }

    /**
     * One line naming every mechanic the profile with {@code overrides} sets and its value, in the mechanics' order,
     * e.g. {@code framework areal: param_offload false, ..., dispatch round-robin}; mechanics neither sets keep the
     * model's defaults and are not listed.
     */
    public static String describe(String name, Map<String, String> overrides) {
        Profile p = profile(name);
        List<String> parts = new ArrayList<>();
        for (Mechanic m : Mechanic.values()) {
            value(p.name(), overrides, m).ifPresent(v -> parts.add(m.key() + " " + v.trim()
                    + (overrides.containsKey(m.key()) ? " (spec)" : "")));
        }
        return "framework " + p.name() + ": " + (parts.isEmpty() ? "no mechanic set (the model's defaults)"
                : String.join(", ", parts));
    }

    /** The value a profile with {@code overrides} gives {@code m}, if either sets it. */
    public static Optional<String> value(String name, Map<String, String> overrides, Mechanic m) {
        String o = overrides.get(m.key());
        return o != null ? Optional.of(o) : profile(name).value(m);
    }
}
