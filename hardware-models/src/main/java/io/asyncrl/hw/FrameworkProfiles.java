package io.asyncrl.hw;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The execution mechanics of the RL frameworks people run, as their documented defaults set them. A profile is a
 * named set of {@link Mechanic} values, each with the source it was read in; a mechanic is one or more
 * hardware-model options (or, for {@code driver_reward_ms}, a scheduling rule the simulator reads with {@link #value}), so a
 * profile is a preset of {@link OptionValues} and every mechanic can be overridden
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

    private static final String VERL_CONFIG = "volcengine/verl docs/examples/config.rst, ppo_trainer.yaml of the "
            + "v0.3 releases (the verl of AReaL's and AsyncFlow's comparisons)";
    private static final String AREAL_CLI = "inclusionAI/AReaL areal/api/cli_args.py (commit 0073c330)";
    /** The system of the AReaL paper's runs (realhf, v0.3), before AReaL's rewrite ("lite"). */
    private static final String AREAL_V03 = "inclusionAI/AReaL training/configs/async-ppo.yaml and sync-ppo.yaml at "
            + "commit adeb8eb1 (2025-06-24, the realhf system of the paper's Table 1)";
    /** The paper-era realhf source tree (the system of the AReaL paper's Table 1). */
    private static final String AREAL_REALHF = "inclusionAI/AReaL at commit adeb8eb1 (2025-06-24, realhf):";
    private static final String AREAL_BOBA = "inclusionAI/AReaL examples/math/boba_grpo.yaml and boba_grpo.py "
            + "(the math recipe of the AReaL paper)";

    private static final String VERL_SYNC = "volcengine/verl verl/checkpoint_engine/README.md and "
            + "verl/workers/config/rollout.py";

    private static final String OPENRLHF_ARGS = "OpenRLHF/OpenRLHF openrlhf/cli/train_ppo_ray.py (commit 021d1b09)";
    private static final String SLIME_ARGS = "THUDM/slime slime/utils/arguments.py";

    private static final Map<String, Profile> PROFILES = profiles();

    private static Map<String, Profile> profiles() {
        Map<String, Profile> m = new LinkedHashMap<>();
        m.put(IDEAL, new Profile(IDEAL, "no framework mechanics: the hardware model's defaults", List.of()));
        m.put("verl", new Profile("verl", "verl's hybrid engine (FSDP trainer + vLLM, colocated, synchronous)", List.of(
                new Setting(Mechanic.PARAM_OFFLOAD, "false", VERL_CONFIG + ": actor.fsdp_config.param_offload: False"),
                new Setting(Mechanic.OPTIMIZER_OFFLOAD, "false", VERL_CONFIG + ": actor.fsdp_config.optimizer_offload: False"),
                new Setting(Mechanic.GRADIENT_CHECKPOINTING, "true",
                        VERL_CONFIG + ": actor_rollout_ref.model.enable_gradient_checkpointing: True"),
                new Setting(Mechanic.LOGPROB_SOURCE, "trainer", "verl ray_trainer: the actor recomputes old_log_prob "
                        + "(rollout.calculate_log_probs defaults to False, verl/trainer/config/_generated_ppo_trainer.yaml)"),
                new Setting(Mechanic.REFERENCE_LOGPROBS, "true", VERL_CONFIG + ": the reference policy is created when "
                        + "actor.use_kl_loss=True, which verl's GRPO documentation sets (docs/algo/grpo.md)"),
                new Setting(Mechanic.RESHARD, "gather", "verl hybrid engine: the FSDP-vLLM sharding manager gathers the "
                        + "FSDP shards into the inference weights at every switch (rollout.load_format: dummy_dtensor)"),
                new Setting(Mechanic.ROLLOUT_MEMORY_FRACTION, "0.5", VERL_CONFIG + ": rollout.gpu_memory_utilization: 0.5"),
                new Setting(Mechanic.ROLLOUT_EAGER, "true", VERL_CONFIG + ": rollout.enforce_eager: True "
                        + "(with free_cache_engine: True; later releases default to False)"),
                new Setting(Mechanic.MAX_NUM_SEQS, "1024", VERL_CONFIG + ": rollout.max_num_seqs: 1024"),
                new Setting(Mechanic.MINIBATCH_SPLIT, "count", "verl ray_trainer._balance_batch (trainer.balance_batch: "
                        + "True) balances each DP rank's whole share by tokens; workers/actor/dp_actor.py update_policy then "
                        + "cuts the share by count: data.split(ppo_mini_batch_size)"),
                new Setting(Mechanic.WEIGHT_SYNC, "nccl", VERL_SYNC + ": the nccl backend (all_gather + broadcast) is the "
                        + "one for a disaggregated trainer and rollout on fixed clusters (naive, the default, is colocated)"),
                new Setting(Mechanic.SYNC_BUCKET_MB, "2048", VERL_SYNC + ": CheckpointEngineConfig."
                        + "update_weights_bucket_megabytes = 2048 (verl/workers/config/rollout.py)"),
                new Setting(Mechanic.INFERENCE_ENGINE, "vllm", VERL_CONFIG + ": actor_rollout_ref.rollout.name: vllm"),
                new Setting(Mechanic.DRIVER_REWARD_MS, "12.2", "volcengine/verl v0.3.0.post1 verl/trainer/ppo/ray_trainer.py "
                        + "fit(): reward_tensor = self.reward_fn(batch) in the driver after generation and the log-prob "
                        + "passes, before update_actor; reward_model.reward_manager: naive (ppo_trainer.yaml), whose "
                        + "NaiveRewardManager.__call__ decodes and scores the answers one by one "
                        + "(verl/workers/reward_manager/naive.py); 12.2 ms per answer: the naive manager took \"200+ "
                        + "seconds\" for 256 x 64 = 16,384 math-verify answers (volcengine/verl pull request 1206)"))));
        m.put("areal", new Profile("areal", "AReaL (disaggregated, asynchronous; SGLang rollout)", List.of(
                new Setting(Mechanic.PARAM_OFFLOAD, "false", AREAL_CLI + ": FSDPEngineConfig.offload_params = False"),
                new Setting(Mechanic.OPTIMIZER_OFFLOAD, "false", AREAL_CLI + ": OptimizerConfig.offload = False"),
                new Setting(Mechanic.GRADIENT_CHECKPOINTING, "true", AREAL_BOBA + ": actor.gradient_checkpointing: true"),
                new Setting(Mechanic.LOGPROB_SOURCE, "trainer",
                        AREAL_BOBA + ": actor.recompute_logprob: true, use_decoupled_loss: true"),
                new Setting(Mechanic.REFERENCE_LOGPROBS, "false",
                        AREAL_BOBA + ": actor.kl_ctl: 0.0, and boba_grpo.py builds the reference model only if kl_ctl > 0"),
                new Setting(Mechanic.ROLLOUT_EAGER, "false", AREAL_CLI + ": SGLangConfig.disable_cuda_graph = False"),
                new Setting(Mechanic.INFERENCE_ENGINE, "sglang", AREAL_V03 + ": allocation_mode sglang.d...p1m... (SGLang "
                        + "generation servers; the AReaL paper: SGLang for generation)"),
                new Setting(Mechanic.ROLLOUT_MEMORY_FRACTION, "0.8", AREAL_V03 + ": actor.sglang.mem_fraction_static: 0.8 "
                        + "(also the paper-era benchmark/verl_v0_3_0_post1_76084d3/areal_config.yaml; AReaL's later "
                        + "cli_args.py default is 0.9)"),
                new Setting(Mechanic.MINIBATCH_SPLIT, "tokens", "inclusionAI/AReaL realhf v0.2.0 "
                        + "realhf/impl/model/interface/ppo_interface.py: input_.split(MicroBatchSpec(n_mbs=n_minibatches)) "
                        + "partitions each rank's share into minibatches by token counts; the realhf of the paper's time "
                        + "(from commit ffc52a15, 2025-04-27) cuts them by count, which breaks the speedup goal of validate "
                        + "papers (docs/papers.md, Investigated: branch fid4-count)"),
                new Setting(Mechanic.PIPELINE_PARTITION, "parameters", AREAL_REALHF + " realhf/impl/model/nn/"
                        + "real_llm_api.py ReaLModel calls partition_pipeline_layers (real_llm_parallel.py) with its "
                        + "default method \"parameters\": datapack.partition_balanced over the parameter counts of "
                        + "[embedding, blocks, head]; training pipelines with realhf's own 1F1B (pipe_runner.py)"),
                new Setting(Mechanic.WEIGHT_SYNC, "disk", "inclusionAI/AReaL areal/api/cli_args.py: "
                        + "TrainEngineConfig.weight_update_mode = \"disk\" (the trainer saves, SGLang update_weights_from_disk "
                        + "loads)"),
                new Setting(Mechanic.DISPATCH, "round-robin", "inclusionAI/AReaL realhf (the paper's system; read at commit "
                        + "14af1b86): realhf/experiments/async_exp/"
                        + "async_rl_exp.py get_gserver_manager_config builds the GserverManager with "
                        + "schedule_policy=\"round_robin\"; realhf/system/gserver_manager.py schedule_request sends each "
                        + "prompt (qid, its n samples) to the next server in turn; AReaL's later areal/api/cli_args.py "
                        + "InferenceEngineConfig.schedule_policy: default and only choice \"round_robin\""))));
        m.put("asyncflow", new Profile("asyncflow", "AsyncFlow (TransferQueue streaming, disaggregated; MindSpeed + "
                + "vLLM-Ascend); its configuration is not published, so only what its paper states is set", List.of(
                new Setting(Mechanic.LOGPROB_SOURCE, "trainer", "AsyncFlow (arXiv 2507.01663): the log-prob tasks read "
                        + "samples from TransferQueue and run on the training pool (shared/reference/papers.md)"),
                new Setting(Mechanic.INFERENCE_ENGINE, "vllm", "AsyncFlow (arXiv 2507.01663): inference engine vLLM-Ascend "
                        + "(shared/reference/papers.md); vLLM's profile, no Ascend rows of its own"))));
        m.put("openrlhf", new Profile("openrlhf", "OpenRLHF (Ray, DeepSpeed ZeRO-2 trainer, vLLM)", List.of(
                new Setting(Mechanic.OPTIMIZER_OFFLOAD, "false", OPENRLHF_ARGS + ": --adam_offload, default False"),
                new Setting(Mechanic.GRADIENT_CHECKPOINTING, "false", OPENRLHF_ARGS + ": --gradient_checkpointing, default False"),
                new Setting(Mechanic.ROLLOUT_MEMORY_FRACTION, "0.95", OPENRLHF_ARGS + ": --vllm_gpu_memory_utilization 0.95"),
                new Setting(Mechanic.ROLLOUT_EAGER, "false", OPENRLHF_ARGS + ": --enforce_eager, default False"),
                new Setting(Mechanic.INFERENCE_ENGINE, "vllm", OPENRLHF_ARGS + ": the rollout engines are vLLM "
                        + "(--vllm_num_engines, --vllm_tensor_parallel_size)"))));
        m.put("slime", new Profile("slime", "slime (Megatron trainer, SGLang rollout)", List.of(
                new Setting(Mechanic.PARAM_OFFLOAD, "true", SLIME_ARGS + ": --offload-train, \"always true when --colocate is set\""),
                new Setting(Mechanic.GRAD_OFFLOAD, "true", SLIME_ARGS + ": --offload-train moves the whole training actor"),
                new Setting(Mechanic.OPTIMIZER_OFFLOAD, "true", SLIME_ARGS + ": --offload-train moves the whole training actor"),
                new Setting(Mechanic.WEIGHT_SYNC, "nccl", "THUDM/slime update_weight_from_distributed.py: disaggregated "
                        + "rollouts take the weights by NCCL broadcast (SGLang update_weights_from_distributed)"),
                new Setting(Mechanic.SYNC_BUCKET_MB, "512", SLIME_ARGS + ": --update-weight-buffer-size default "
                        + "512 * 1024**2 bytes"),
                new Setting(Mechanic.INFERENCE_ENGINE, "sglang", SLIME_ARGS + ": the rollout runs SGLang servers "
                        + "(--sglang-* arguments; slime's README: Megatron training, SGLang rollout)"))));
        return Collections.unmodifiableMap(m);
    }

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
