package io.asyncrl.hw;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The profiles {@link FrameworkProfiles} serves: each framework's mechanics as its documented defaults set them, with
 * the source each value was read in.
 */
final class FrameworkProfileCatalog {
    private FrameworkProfileCatalog() {}

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

    static Map<String, FrameworkProfiles.Profile> profiles() {
        Map<String, FrameworkProfiles.Profile> m = new LinkedHashMap<>();
        m.put(FrameworkProfiles.IDEAL, new FrameworkProfiles.Profile(FrameworkProfiles.IDEAL, "no framework mechanics: the hardware model's defaults", List.of()));
        m.put("verl", new FrameworkProfiles.Profile("verl", "verl's hybrid engine (FSDP trainer + vLLM, colocated, synchronous)", List.of(
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.PARAM_OFFLOAD, "false", VERL_CONFIG + ": actor.fsdp_config.param_offload: False"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.OPTIMIZER_OFFLOAD, "false", VERL_CONFIG + ": actor.fsdp_config.optimizer_offload: False"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.GRADIENT_CHECKPOINTING, "true",
                        VERL_CONFIG + ": actor_rollout_ref.model.enable_gradient_checkpointing: True"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.LOGPROB_SOURCE, "trainer", "verl ray_trainer: the actor recomputes old_log_prob "
                        + "(rollout.calculate_log_probs defaults to False, verl/trainer/config/_generated_ppo_trainer.yaml)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.REFERENCE_LOGPROBS, "true", VERL_CONFIG + ": the reference policy is created when "
                        + "actor.use_kl_loss=True, which verl's GRPO documentation sets (docs/algo/grpo.md)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.RESHARD, "gather", "verl hybrid engine: the FSDP-vLLM sharding manager gathers the "
                        + "FSDP shards into the inference weights at every switch (rollout.load_format: dummy_dtensor)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.ROLLOUT_MEMORY_FRACTION, "0.5", VERL_CONFIG + ": rollout.gpu_memory_utilization: 0.5"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.ROLLOUT_EAGER, "true", VERL_CONFIG + ": rollout.enforce_eager: True "
                        + "(with free_cache_engine: True; later releases default to False)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.MAX_NUM_SEQS, "1024", VERL_CONFIG + ": rollout.max_num_seqs: 1024"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.MINIBATCH_SPLIT, "count", "verl ray_trainer._balance_batch (trainer.balance_batch: "
                        + "True) balances each DP rank's whole share by tokens; workers/actor/dp_actor.py update_policy then "
                        + "cuts the share by count: data.split(ppo_mini_batch_size)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.WEIGHT_SYNC, "nccl", VERL_SYNC + ": the nccl backend (all_gather + broadcast) is the "
                        + "one for a disaggregated trainer and rollout on fixed clusters (naive, the default, is colocated)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.SYNC_BUCKET_MB, "2048", VERL_SYNC + ": CheckpointEngineConfig."
                        + "update_weights_bucket_megabytes = 2048 (verl/workers/config/rollout.py)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.INFERENCE_ENGINE, "vllm", VERL_CONFIG + ": actor_rollout_ref.rollout.name: vllm"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.DRIVER_REWARD_MS, "12.2", "volcengine/verl v0.3.0.post1 verl/trainer/ppo/ray_trainer.py "
                        + "fit(): reward_tensor = self.reward_fn(batch) in the driver after generation and the log-prob "
                        + "passes, before update_actor; reward_model.reward_manager: naive (ppo_trainer.yaml), whose "
                        + "NaiveRewardManager.__call__ decodes and scores the answers one by one "
                        + "(verl/workers/reward_manager/naive.py); 12.2 ms per answer: the naive manager took \"200+ "
                        + "seconds\" for 256 x 64 = 16,384 math-verify answers (volcengine/verl pull request 1206)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.STALE_SAMPLES, "train", "volcengine/verl "
                        + "verl/experimental/fully_async_policy at commit b178a3cd5 (the fully-asynchronous recipe; sync and "
                        + "one-step-off runs have no answer older than their bound): fully_async_trainer.py trains every "
                        + "sample it takes and only counts the stale ones (stale_samples_processed); message_queue.py drops "
                        + "a sample only when the queue, sized to the rollouter's max_required_samples, is full (\"rarely "
                        + "happens\")"))));
        m.put("areal", new FrameworkProfiles.Profile("areal", "AReaL (disaggregated, asynchronous; SGLang rollout)", List.of(
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.PARAM_OFFLOAD, "false", AREAL_CLI + ": FSDPEngineConfig.offload_params = False"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.OPTIMIZER_OFFLOAD, "false", AREAL_CLI + ": OptimizerConfig.offload = False"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.GRADIENT_CHECKPOINTING, "true", AREAL_BOBA + ": actor.gradient_checkpointing: true"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.LOGPROB_SOURCE, "trainer",
                        AREAL_BOBA + ": actor.recompute_logprob: true, use_decoupled_loss: true"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.REFERENCE_LOGPROBS, "false",
                        AREAL_BOBA + ": actor.kl_ctl: 0.0, and boba_grpo.py builds the reference model only if kl_ctl > 0"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.ROLLOUT_EAGER, "false", AREAL_CLI + ": SGLangConfig.disable_cuda_graph = False"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.INFERENCE_ENGINE, "sglang", AREAL_V03 + ": allocation_mode sglang.d...p1m... (SGLang "
                        + "generation servers; the AReaL paper: SGLang for generation)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.ROLLOUT_MEMORY_FRACTION, "0.8", AREAL_V03 + ": actor.sglang.mem_fraction_static: 0.8 "
                        + "(also the paper-era benchmark/verl_v0_3_0_post1_76084d3/areal_config.yaml; AReaL's later "
                        + "cli_args.py default is 0.9)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.MINIBATCH_SPLIT, "tokens", "inclusionAI/AReaL realhf v0.2.0 "
                        + "realhf/impl/model/interface/ppo_interface.py: input_.split(MicroBatchSpec(n_mbs=n_minibatches)) "
                        + "partitions each rank's share into minibatches by token counts; the realhf of the paper's time "
                        + "(from commit ffc52a15, 2025-04-27) cuts them by count, which breaks the speedup goal of validate "
                        + "papers (docs/papers.md, Investigated: branch fid4-count)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.PIPELINE_PARTITION, "parameters", AREAL_REALHF + " realhf/impl/model/nn/"
                        + "real_llm_api.py ReaLModel calls partition_pipeline_layers (real_llm_parallel.py) with its "
                        + "default method \"parameters\": datapack.partition_balanced over the parameter counts of "
                        + "[embedding, blocks, head]; training pipelines with realhf's own 1F1B (pipe_runner.py)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.WEIGHT_SYNC, "disk", "inclusionAI/AReaL areal/api/cli_args.py: "
                        + "TrainEngineConfig.weight_update_mode = \"disk\" (the trainer saves, SGLang update_weights_from_disk "
                        + "loads)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.DISPATCH, "round-robin", "inclusionAI/AReaL realhf (the paper's system; read at commit "
                        + "14af1b86): realhf/experiments/async_exp/"
                        + "async_rl_exp.py get_gserver_manager_config builds the GserverManager with "
                        + "schedule_policy=\"round_robin\"; realhf/system/gserver_manager.py schedule_request sends each "
                        + "prompt (qid, its n samples) to the next server in turn; AReaL's later areal/api/cli_args.py "
                        + "InferenceEngineConfig.schedule_policy: default and only choice \"round_robin\""),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.STALE_SAMPLES, "train", "inclusionAI/AReaL realhf at commit c60d128b1 (2025-05-26, "
                        + "the first public asynchronous release): max_head_offpolicyness is checked only when a rollout is "
                        + "allocated (realhf/system/gserver_manager.py is_staled, allocate_rollout; realhf/api/cli_args.py: "
                        + "\"Maximum off-policyness tolerance for the first token\"), and the trainer takes every finished "
                        + "trajectory (ppo_interface.py only logs head_offpolicyness); AReaL's later areal/api/cli_args.py: "
                        + "\"If the current version is more than this many versions behind, the request will not be "
                        + "accepted\""))));
        m.put("asyncflow", new FrameworkProfiles.Profile("asyncflow", "AsyncFlow (TransferQueue streaming, disaggregated; MindSpeed + "
                + "vLLM-Ascend); its configuration is not published, so only what its paper states is set", List.of(
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.LOGPROB_SOURCE, "trainer", "AsyncFlow (arXiv 2507.01663): the log-prob tasks read "
                        + "samples from TransferQueue and run on the training pool (shared/reference/papers.md)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.INFERENCE_ENGINE, "vllm", "AsyncFlow (arXiv 2507.01663): inference engine vLLM-Ascend "
                        + "(shared/reference/papers.md); vLLM's profile, no Ascend rows of its own"))));
        m.put("openrlhf", new FrameworkProfiles.Profile("openrlhf", "OpenRLHF (Ray, DeepSpeed ZeRO-2 trainer, vLLM)", List.of(
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.OPTIMIZER_OFFLOAD, "false", OPENRLHF_ARGS + ": --adam_offload, default False"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.GRADIENT_CHECKPOINTING, "false", OPENRLHF_ARGS + ": --gradient_checkpointing, default False"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.ROLLOUT_MEMORY_FRACTION, "0.95", OPENRLHF_ARGS + ": --vllm_gpu_memory_utilization 0.95"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.ROLLOUT_EAGER, "false", OPENRLHF_ARGS + ": --enforce_eager, default False"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.INFERENCE_ENGINE, "vllm", OPENRLHF_ARGS + ": the rollout engines are vLLM "
                        + "(--vllm_num_engines, --vllm_tensor_parallel_size)"))));
        m.put("slime", new FrameworkProfiles.Profile("slime", "slime (Megatron trainer, SGLang rollout)", List.of(
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.PARAM_OFFLOAD, "true", SLIME_ARGS + ": --offload-train, \"always true when --colocate is set\""),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.GRAD_OFFLOAD, "true", SLIME_ARGS + ": --offload-train moves the whole training actor"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.OPTIMIZER_OFFLOAD, "true", SLIME_ARGS + ": --offload-train moves the whole training actor"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.WEIGHT_SYNC, "nccl", "THUDM/slime update_weight_from_distributed.py: disaggregated "
                        + "rollouts take the weights by NCCL broadcast (SGLang update_weights_from_distributed)"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.SYNC_BUCKET_MB, "512", SLIME_ARGS + ": --update-weight-buffer-size default "
                        + "512 * 1024**2 bytes"),
                new FrameworkProfiles.Setting(FrameworkProfiles.Mechanic.INFERENCE_ENGINE, "sglang", SLIME_ARGS + ": the rollout runs SGLang servers "
                        + "(--sglang-* arguments; slime's README: Megatron training, SGLang rollout)"))));
        return Collections.unmodifiableMap(m);
    }
}
