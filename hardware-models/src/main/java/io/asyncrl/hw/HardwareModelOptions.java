package io.asyncrl.hw;

import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * Every efficiency factor and constant of the analytic hardware model, with its default and the
 * source of that default. Defaults marked "calibrated" were fit once by
 * {@code io.asyncrl.hw.validation.Calibration} on the rows marked {@code cal} in the validation table
 * (docs/hardware-models.md) and then frozen here; they are never re-fit per row or at run time.
 * The measured rows are all H100/H200 (one die), so every device inherits the same efficiencies.
 */
public final class HardwareModelOptions {
    private HardwareModelOptions() {}

    // ---- precision ----

    public static final Option<Double> FP8_COMPUTE_SPEEDUP = new Option<>(
            "precision.fp8-compute-speedup", Double.class, 2.0,
            "Peak dense FP8 matrix throughput divided by peak dense BF16 (only used for FP8 comparisons).",
            "NVIDIA H100/H200 datasheets: 1,979 vs 989 dense TFLOP/s");

    // ---- inference ----

    // Frozen by Calibration on the calibration rows (split rule in docs/hardware-models.md) with the small-batch
    // latency rows L1, L2; 0.65 before the refit.
    public static final Option<Double> HBM_BANDWIDTH_EFFICIENCY = new Option<>(
            "inference.hbm-bandwidth-efficiency", Double.class, 0.647,
            "Fraction of datasheet HBM bandwidth a decode step achieves reading weights and KV cache.",
            "calibrated on rows I1,I3,...,I17 and the odd rows from I19 (TensorRT-LLM on H100/H200/GH200/A100/L40S, vLLM on H100; "
                    + "Calibration, least squares on log error); also absorbs KV paging and kernel gaps; 0.65 before the refit");

    // Frozen by Calibration on the calibration rows with L1, L2; 0.30 before the refit.
    public static final Option<Double> DECODE_COMPUTE_EFFICIENCY = new Option<>(
            "inference.decode-compute-efficiency", Double.class, 0.364,
            "Fraction of peak matrix throughput reached by the batched decode GEMMs and attention.",
            "calibrated on rows I1,I3,...,I17 and the odd rows from I19; decode GEMMs are skinny and attention is not "
                    + "tensor-core bound; 0.30 before the refit");

    // Frozen by Calibration on the calibration rows; a 0.70 prior before the refit (the 12 rows of the first
    // fit did not constrain it: left free it ran to 0.95; the prefill-heavy 2048/128 and 5000/500 rows added since do).
    public static final Option<Double> PREFILL_COMPUTE_EFFICIENCY = new Option<>(
            "inference.prefill-compute-efficiency", Double.class, 0.586,
            "Fraction of peak matrix throughput reached by prefill (model FLOPs utilisation).",
            "calibrated on rows I1,I3,...,I17 and the odd rows from I19 (inside the ~60-75% of H100 peak that large "
                    + "GEMMs and FlashAttention-3 reach, FA3 paper); a 0.70 prior before the refit");

    // Frozen by Calibration: fitted jointly with inference.decode-overhead-us-per-layer, the per-layer term takes all of it.
    public static final Option<Double> DECODE_STEP_OVERHEAD_MS = new Option<>(
            "inference.decode-step-overhead-ms", Double.class, 0.0,
            "Fixed engine cost per decode iteration (scheduling, sampling, kernel launches), milliseconds.",
            "calibrated on rows I1,I3,...,I17 and the odd rows from I19 with L1,L2: fitted jointly with "
                    + "inference.decode-overhead-us-per-layer, the per-layer term takes all of it (0 ms)");

    public static final Option<Double> MEMORY_RESERVE_FRACTION = new Option<>(
            "inference.memory-reserve-fraction", Double.class, 0.10,
            "Share of device memory never given to weights or KV cache (activations, CUDA graphs, fragmentation).",
            "vLLM default gpu_memory_utilization=0.9; TensorRT-LLM kv_cache_free_gpu_mem_fraction=0.9");

    public static final Option<Double> COLOCATED_MEMORY_FRACTION = new Option<>(
            "inference.colocated-memory-fraction", Double.class, 0.5,
            "Share of device memory a colocated rollout engine may use (weights + KV cache + reserve): the trainer's "
                    + "weights, gradients and optimizer state stay resident during generation.",
            "verl's default actor_rollout_ref.rollout.gpu_memory_utilization=0.5 (verl docs, config: hybrid engine, "
                    + "param/optimizer offload off by default); a spec's cluster.rollout_memory_fraction overrides it");

    public static final Option<Boolean> COLOCATED_EAGER = new Option<>(
            "inference.colocated-eager", Boolean.class, Boolean.TRUE,
            "A colocated rollout engine decodes without CUDA graphs (eager), paying inference.eager-overhead-us-per-layer per step.",
            "verl's default actor_rollout_ref.rollout.enforce_eager=True, required by free_cache_engine=True (verl docs, config)");

    public static final Option<Double> EAGER_OVERHEAD_US_PER_LAYER = new Option<>(
            "inference.eager-overhead-us-per-layer", Double.class, 47.0,
            "Extra time per decode step and transformer layer when an engine runs without CUDA graphs, microseconds.",
            "vLLM pull request 1440: Llama-2-7B at batch 1, 100 output tokens in 1.2 s eager vs 1.05 s with CUDA graphs, "
                    + "1.5 ms per step over 32 layers (the smallest public figure found; newer reports show 9-11 ms per step)");

    public static final Option<Integer> MAX_NUM_SEQS = new Option<>(
            "inference.max-num-seqs", Integer.class, 256,
            "Most sequences one rollout instance decodes at once (besides the KV-cache limit).",
            "vLLM default max_num_seqs=256 (SGLang and TensorRT-LLM allow more)");

    public static final Option<Double> DECODE_OVERHEAD_US_PER_LAYER = new Option<>(
            "inference.decode-overhead-us-per-layer", Double.class, 64.825,
            "Extra time per decode step and transformer layer with CUDA graphs (kernel boundaries, small-batch GEMV "
                    + "and attention kernels that do not reach the streaming bandwidth), microseconds.",
            "calibrated on rows I1,I3,...,I17 and the odd rows from I19 with the small-batch latency rows L1,L2 of vLLM's "
                    + "nightly benchmark (batch 8, 32 in / 128 out on H200: Llama-3.1-8B TP1 833 ms, Llama-3-70B TP4 "
                    + "2,078 ms; buildkite.com/vllm/performance-benchmark/builds/9515)");

    public static final Option<Double> DECODE_OVERHEAD_US_PER_SEQ = new Option<>(
            "inference.decode-overhead-us-per-seq", Double.class, 0.0,
            "Extra time per decode step and running sequence (CPU-side scheduling, sampling, detokenisation), microseconds.",
            "no public per-sequence latency sweep found that separates it from the bandwidth term; 0 keeps the large-batch "
                    + "calibration of inference.decode-step-overhead-ms; a user's calibration may set it");

    public static final Option<InferenceEngine> INFERENCE_ENGINE = new Option<>(
            "inference.engine", InferenceEngine.class, InferenceEngine.SHARED,
            "The inference engine and release a rollout instance runs (shared, trtllm-1.0, trtllm-0.21, trtllm-0.10, "
                    + "vllm or sglang): selects that engine's profile of inference efficiencies (EngineProfiles); "
                    + "an efficiency set in the spec's hardware: block still wins.",
            "shared: the efficiencies fitted on every engine's calibration rows together, the model before engine "
                    + "profiles; each profile is fitted on its own engine's calibration rows only (docs/hardware-models.md, "
                    + "Engine profiles)");

    public static final Option<Boolean> DEDICATED_EAGER = new Option<>(
            "inference.dedicated-eager", Boolean.class, Boolean.FALSE,
            "A rollout engine on its own devices (disaggregated) decodes without CUDA graphs.",
            "vLLM and SGLang capture CUDA graphs by default (enforce_eager=False, disable_cuda_graph=False)");

    // ---- communication ----

    public static final Option<Double> INTRA_NODE_LINK_EFFICIENCY = new Option<>(
            "comm.intra-node-link-efficiency", Double.class, 0.50,
            "Achieved collective bus bandwidth over the datasheet intra-node figure (NVLink/IF/HCCS figures are bidirectional).",
            "nccl-tests all-reduce busbw ~450 GB/s on H100 NVLink (900 GB/s bidirectional)");

    // Frozen by Calibration on the calibration rows; only the PCIe-only rows with tp > 1 (L40S) depend on it.
    public static final Option<Double> PCIE_LINK_EFFICIENCY = new Option<>(
            "comm.pcie-link-efficiency", Double.class, 0.180,
            "Achieved collective bus bandwidth over the datasheet intra-node figure on devices without NVLink-class links "
                    + "(intra_node_gbps <= 128: PCIe only); replaces comm.intra-node-link-efficiency there.",
            "calibrated on rows I87,I89,I91,I93,I95 (L40S TP4/TP8, the calibration rows that depend on it): "
                    + "about 11.5 of 64 GB/s, where NVLink reaches half its figure");

    public static final Option<Double> INTER_NODE_LINK_EFFICIENCY = new Option<>(
            "comm.inter-node-link-efficiency", Double.class, 0.80,
            "Achieved collective bandwidth over the per-device IB/RoCE line rate.",
            "nccl-tests on 400 Gb/s InfiniBand typically reach ~40 of 50 GB/s");

    public static final Option<Double> COLLECTIVE_LATENCY_US = new Option<>(
            "comm.collective-latency-us", Double.class, 8.0,
            "Fixed latency of one small tensor-parallel all-reduce, microseconds.",
            "vLLM/TensorRT-LLM custom all-reduce kernels take ~5-10 us for decode-sized tensors on NVLink");

    // ---- training ----

    // Frozen by Calibration on rows T1, T3, T5, T9 (0.385 before the refit that added T9).
    public static final Option<Double> TRAIN_MFU = new Option<>(
            "train.mfu", Double.class, 0.387,
            "Model FLOPs utilisation of forward+backward of a dense model (of the precision's peak).",
            "calibrated on rows T1 (Megatron-Bridge 8B FP8), T5 (NeMo 70B FP8) and, with train.moe-efficiency, T3 and T9 "
                    + "(Qwen3-30B-A3B on H100 and B200); the BF16 use assumes the same fraction of the BF16 peak; 0.385 before the refit");

    // Frozen by Calibration on rows T3 and T9, the MoE calibration rows (0.18 before T9 was added).
    public static final Option<Double> TRAIN_MOE_EFFICIENCY = new Option<>(
            "train.moe-efficiency", Double.class, 0.155,
            "Multiplier on train.mfu for MoE models (router, token permutation, small grouped GEMMs, all-to-all).",
            "calibrated on rows T3 and T9 (qwen3-30b-a3b Megatron-Bridge FP8 on H100 and B200); untested on other MoE models; "
                    + "0.18 before the refit");

    public static final Option<Boolean> ACTIVATION_RECOMPUTE = new Option<>(
            "train.activation-recompute", Boolean.class, Boolean.TRUE,
            "Full activation recomputation: backward re-runs the forward, 8*N instead of 6*N FLOPs per token.",
            "verl examples enable gradient checkpointing (enable_gradient_checkpointing=True)");

    public static final Option<Boolean> LOGPROB_RECOMPUTE = new Option<>(
            "train.logprob-recompute", Boolean.class, Boolean.TRUE,
            "The trainer re-runs a forward pass of the policy (2*N per token) for old log-probs before updating.",
            "verl/AReaL PPO and GRPO trainers compute old_log_prob with the training engine");

    public static final Option<Boolean> REFERENCE_LOGPROBS = new Option<>(
            "train.reference-logprobs", Boolean.class, Boolean.TRUE,
            "A reference model's forward pass (2*N per token) is run for the KL term (GRPO and PPO; never for DAPO).",
            "verl GRPO recipes set actor.use_kl_loss=True, which creates the reference policy (verl docs, GRPO)");

    public static final Option<Boolean> PARAM_OFFLOAD = new Option<>(
            "train.param-offload", Boolean.class, Boolean.TRUE,
            "Colocated: the trainer's BF16 weights go to host memory at each switch to generation and come back.",
            "the model without a framework profile offloads weights and optimizer state at every colocated switch; "
                    + "frameworks set it from their own config (verl fsdp_config.param_offload)");

    public static final Option<Boolean> GRAD_OFFLOAD = new Option<>(
            "train.grad-offload", Boolean.class, Boolean.FALSE,
            "Colocated: the trainer's FP32 gradients (train.grad-bytes-per-param) also go to host memory and back at each switch.",
            "gradients are freed after the optimizer step in verl/AReaL (zero_grad set_to_none), so none by default");

    public static final Option<Boolean> OPTIMIZER_OFFLOAD = new Option<>(
            "train.optimizer-offload", Boolean.class, Boolean.TRUE,
            "Colocated: the optimizer state (train.optimizer-bytes-per-param) goes to host memory and back at each switch.",
            "as train.param-offload (verl fsdp_config.optimizer_offload)");

    public static final Option<Boolean> MINIBATCH_BY_COUNT = new Option<>(
            "train.minibatch-by-count", Boolean.class, Boolean.FALSE,
            "Each data-parallel rank cuts its (token-balanced) share of the batch into minibatches by sequence count, so "
                    + "every optimizer step waits for the rank whose minibatch holds the most tokens (expected maximum over "
                    + "the ranks, normal approximation; MinibatchImbalance).",
            "false: every minibatch split by tokens, as AReaL's realhf does (SequenceSample.split, "
                    + "datapack.min_abs_diff_partition on token counts); verl sets it (balance_batch per rank, then "
                    + "dp_actor.update_policy data.split(ppo_mini_batch_size))");

    public static final Option<Boolean> PIPELINE_PARTITION_BY_PARAMETERS = new Option<>(
            "train.pipeline-partition-by-parameters", Boolean.class, Boolean.FALSE,
            "With pp > 1 the pipeline stages are cut by parameter count (the embedding counting, though it costs no "
                    + "FLOPs), so the forward and backward passes run at the pace of the stage with the most FLOPs "
                    + "(PipelineStages).",
            "false: stages of equal compute; AReaL's realhf sets it (real_llm_parallel.py partition_pipeline_layers, "
                    + "method \"parameters\")");

    public static final Option<Integer> MICRO_BATCH_TOKENS = new Option<>(
            "train.micro-batch-tokens", Integer.class, 16384,
            "Tokens per micro-batch per data-parallel rank (sets pipeline bubbles and activation memory).",
            "verl ppo_max_token_len_per_gpu=16384 in its examples");

    public static final Option<Integer> VIRTUAL_PIPELINE_STAGES = new Option<>(
            "train.virtual-pipeline-stages", Integer.class, 1,
            "Model chunks per pipeline stage (interleaved 1F1B); the bubble is (pp - 1) / (microbatches * this).",
            "Megatron-LM virtual_pipeline_model_parallel_size, unset (1) in verl's Megatron backend");

    public static final Option<Double> TP_COMM_OVERLAP = new Option<>(
            "train.tp-comm-overlap", Double.class, 0.0,
            "Share of tensor-parallel activation all-reduces hidden behind GEMMs.",
            "Megatron-LM tp_comm_overlap is off by default (needs userbuffers); RL trainers leave it off");

    public static final Option<Double> DP_COMM_OVERLAP = new Option<>(
            "train.dp-comm-overlap", Double.class, 0.5,
            "Share of the gradient all-reduce hidden behind the backward pass.",
            "Megatron-LM overlap_grad_reduce buckets; a half-hidden middle value, not measured here");

    public static final Option<Double> GRAD_BYTES_PER_PARAM = new Option<>(
            "train.grad-bytes-per-param", Double.class, 4.0,
            "Bytes per gradient element kept by the trainer (FP32 main grads).",
            "Megatron-LM accumulates gradients in FP32 main-grad buffers");

    public static final Option<Double> OPTIMIZER_BYTES_PER_PARAM = new Option<>(
            "train.optimizer-bytes-per-param", Double.class, 12.0,
            "Adam state per parameter (FP32 master weight, momentum, variance), sharded over data parallel.",
            "ZeRO (Rajbhandari et al. 2020): mixed-precision Adam keeps 12 bytes of optimizer state per parameter");

    public static final Option<Double> TRAIN_MEMORY_RESERVE_FRACTION = new Option<>(
            "train.memory-reserve-fraction", Double.class, 0.10,
            "Share of device memory kept free for the allocator, NCCL buffers and fragmentation.",
            "PyTorch caching-allocator fragmentation commonly costs 5-15%; middle value");

    // ---- weight synchronisation and colocated switch ----

    public static final Option<Double> SYNC_FIXED_SECONDS = new Option<>(
            "sync.fixed-seconds", Double.class, 0.291,
            "Fixed cost of one weight update (pause, metadata exchange, engine reload hooks), seconds.",
            "fitted with sync.bucket-latency-ms, sync.update-gbps-per-device and sync.broadcast-hop-seconds on the checkpoint-engine calibration rows W1-W5, W7, W9, W11 of weight-sync.csv (WeightSyncFit: weighted linear least squares on the relative error); 1.2 when fitted on W1 and W2 alone without a bucket term");

    public static final Option<Double> SYNC_UPDATE_GBPS = new Option<>(
            "sync.update-gbps-per-device", Double.class, 86.1,
            "checkpoint-engine: effective rate at which one rollout device takes in the whole broadcast model "
                    + "(host-to-device copy, broadcast and reload of its shard, pipelined), GB/s.",
            "fitted with sync.bucket-latency-ms, sync.update-gbps-per-device and sync.broadcast-hop-seconds on the checkpoint-engine calibration rows W1-W5, W7, W9, W11 of weight-sync.csv (WeightSyncFit: weighted linear least squares on the relative error); the README's broadcast delivers every bucket to every worker, which copies out its subset "
                    + "(11.7 per shard of a TP8 instance in the first fit)");

    public static final Option<Double> SYNC_BROADCAST_HOP_SECONDS = new Option<>(
            "sync.broadcast-hop-seconds", Double.class, 0.65,
            "Extra seconds per doubling of rollout nodes in the pipelined broadcast tree.",
            "fitted with sync.bucket-latency-ms, sync.update-gbps-per-device and sync.broadcast-hop-seconds on the checkpoint-engine calibration rows W1-W5, W7, W9, W11 of weight-sync.csv (WeightSyncFit: weighted linear least squares on the relative error); 0.28 when set from W3 and W4 alone");

    public static final Option<SyncMechanism> SYNC_MECHANISM = new Option<>(
            "sync.mechanism", SyncMechanism.class, SyncMechanism.CHECKPOINT_ENGINE,
            "How a disaggregated run moves new weights to the rollout engines: checkpoint-engine (host-staged bucketed "
                    + "broadcast to every rollout device), nccl (the trainer's rank 0 broadcasts gathered buckets) or disk "
                    + "(a checkpoint written to shared storage and loaded by every instance).",
            "checkpoint-engine: the mechanism the sync.fixed-seconds/update-gbps fit describes (MoonshotAI/checkpoint-engine "
                    + "README); framework profiles set their own (weight_sync: verl and slime nccl, AReaL disk)");

    public static final Option<Double> SYNC_BUCKET_MB = new Option<>(
            "sync.bucket-mb", Double.class, 2048.0,
            "checkpoint-engine and nccl: size of one weight bucket (gathered, broadcast and loaded as a unit), MiB.",
            "verl CheckpointEngineConfig.update_weights_bucket_megabytes = 2048 (verl/workers/config/rollout.py), the "
                    + "bucket of verl's checkpoint-engine backends (checkpoint-engine's own README rows use 1.4-8 GiB); "
                    + "slime's profile sets its 512 MiB (--update-weight-buffer-size)");

    public static final Option<Double> SYNC_BUCKET_LATENCY_MS = new Option<>(
            "sync.bucket-latency-ms", Double.class, 8.55,
            "checkpoint-engine and nccl: fixed cost of one bucket (a request to every engine, the broadcast's launch "
                    + "and wait), ms.",
            "fitted with sync.bucket-latency-ms, sync.update-gbps-per-device and sync.broadcast-hop-seconds on the checkpoint-engine calibration rows W1-W5, W7, W9, W11 of weight-sync.csv (WeightSyncFit: weighted linear least squares on the relative error): the 0.1.3 README rows with smaller buckets are slower than the later ones; nccl uses the same "
                    + "figure");

    public static final Option<Double> SYNC_LOAD_US_PER_TENSOR = new Option<>(
            "sync.load-us-per-tensor", Double.class, 260.0,
            "nccl and disk: cost of one weight tensor on the way (the trainer gathers each sharded tensor into a full "
                    + "one and packs it; MoE experts are separate tensors), microseconds.",
            "fitted on the one public NCCL timing found (row W13: volcengine/verl verl/checkpoint_engine/README.md, "
                    + "Qwen3-30B-A3B, FSDP trainer on 2 H100 to 30 receivers, ~7 s): (7 - 0.291 fixed - 29 buckets x 8.55 ms - "
                    + "1.525 s send - 0.068 s gather) / 18,711 tensors = 260.2, rounded to 260 us; that benchmark only receives (no engine "
                    + "load), so an engine's own per-tensor loading is not in it");

    public static final Option<Double> SYNC_DISK_WRITE_GBPS = new Option<>(
            "sync.disk-write-gbps", Double.class, 2.0,
            "disk: rate at which the trainer writes the checkpoint (one writer serialising the gathered safetensors "
                    + "files to shared storage), GB/s.",
            "assumed, not measured: no public timing of a disk weight update was found; a single process writing "
                    + "safetensors to a network file system");

    public static final Option<Double> SYNC_DISK_READ_GBPS = new Option<>(
            "sync.disk-read-gbps", Double.class, 5.0,
            "disk: rate at which each rollout instance reads the whole checkpoint back (all instances at once), GB/s.",
            "assumed, not measured (as sync.disk-write-gbps)");

    public static final Option<Double> SWITCH_FIXED_SECONDS = new Option<>(
            "switch.fixed-seconds", Double.class, 11.1,
            "Fixed cost of one colocated switch (engine wake/sleep, CUDA graph and cache re-allocation), seconds.",
            "fit so that 7B/14B/32B/70B on 16/32/64/128 A100s average 11.7 s (verl/HybridFlow, papers.md); "
                    + "the per-device copies are small at those scales, and the 78.2 s 70B worst case is not reproduced");

    public static final Option<Double> SWITCH_HOST_GBPS = new Option<>(
            "switch.host-gbps", Double.class, 12.0,
            "Effective device<->host copy rate while offloading/reloading weights and optimizer state, GB/s per device.",
            "PCIe Gen4/Gen5 x16 (32/64 GB/s) shared by pinned/unpinned copies; middle effective value");

    public static final Option<Boolean> RESHARD_GATHER = new Option<>(
            "switch.reshard-gather", Boolean.class, Boolean.FALSE,
            "Colocated: at each switch to generation the FSDP-sharded weights are all-gathered over all the devices to "
                    + "build the inference layout (instead of a regather only when the TP sizes differ).",
            "verl's hybrid engine sharding manager gathers the FSDP shards into the vLLM/SGLang weights at every switch "
                    + "(load_format dummy_dtensor; verl docs, hybrid engine)");

    // ---- what-if scales (not fitted) ----

    public static final Option<Double> INFERENCE_TIME_SCALE = new Option<>(
            "inference.time-scale", Double.class, 1.0,
            "Multiplier on every prefill and decode time of a rollout instance (1.25: the engine 25% slower than modelled).",
            "1 is the model as calibrated; asyncrl calibrate --step-times fits it to a measured synchronous run "
                    + "(docs/hardware-models.md), and plan's robustness check sets it 25% above the spec's own (docs/report.md, plan)");

    public static final Option<Double> TRAIN_TIME_SCALE = new Option<>(
            "train.time-scale", Double.class, 1.0,
            "Multiplier on every training step and log-prob pass time (1.25: the trainer 25% slower than modelled).",
            "1 is the model as calibrated; asyncrl calibrate --step-times fits it to a measured synchronous run "
                    + "(docs/hardware-models.md), and plan's robustness check sets it 25% above the spec's own (docs/report.md, plan)");

    private static final List<Option<?>> ALL = List.of(
            FP8_COMPUTE_SPEEDUP,
            HBM_BANDWIDTH_EFFICIENCY, DECODE_COMPUTE_EFFICIENCY, PREFILL_COMPUTE_EFFICIENCY,
            DECODE_STEP_OVERHEAD_MS, MEMORY_RESERVE_FRACTION, COLOCATED_MEMORY_FRACTION, COLOCATED_EAGER,
            EAGER_OVERHEAD_US_PER_LAYER, MAX_NUM_SEQS, DECODE_OVERHEAD_US_PER_LAYER, DECODE_OVERHEAD_US_PER_SEQ,
            DEDICATED_EAGER, INFERENCE_ENGINE,
            INTRA_NODE_LINK_EFFICIENCY, PCIE_LINK_EFFICIENCY, INTER_NODE_LINK_EFFICIENCY, COLLECTIVE_LATENCY_US,
            TRAIN_MFU, TRAIN_MOE_EFFICIENCY, ACTIVATION_RECOMPUTE, LOGPROB_RECOMPUTE, REFERENCE_LOGPROBS,
            PARAM_OFFLOAD, GRAD_OFFLOAD, OPTIMIZER_OFFLOAD, MINIBATCH_BY_COUNT, PIPELINE_PARTITION_BY_PARAMETERS, MICRO_BATCH_TOKENS,
            VIRTUAL_PIPELINE_STAGES, TP_COMM_OVERLAP, DP_COMM_OVERLAP, GRAD_BYTES_PER_PARAM, OPTIMIZER_BYTES_PER_PARAM, TRAIN_MEMORY_RESERVE_FRACTION,
            SYNC_FIXED_SECONDS, SYNC_UPDATE_GBPS, SYNC_BROADCAST_HOP_SECONDS, SYNC_MECHANISM, SYNC_BUCKET_MB,
            SYNC_BUCKET_LATENCY_MS, SYNC_LOAD_US_PER_TENSOR, SYNC_DISK_WRITE_GBPS, SYNC_DISK_READ_GBPS,
            SWITCH_FIXED_SECONDS, SWITCH_HOST_GBPS, RESHARD_GATHER, INFERENCE_TIME_SCALE, TRAIN_TIME_SCALE);

    private static final Map<String, Option<?>> BY_KEY = index();

    /** Prints {@link #markdownTable()} (to regenerate the table in docs/hardware-models.md). */
    public static void main(String[] args) {
        System.out.print(markdownTable());
    }

    /** Every option, in documentation order. */
    public static List<Option<?>> all() {
        return ALL;
    }

    /**
     * The options as a Markdown table (key, type, default, description, source); docs/hardware-models.md
     * embeds it and a test fails when the two drift apart.
     */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| key | type | default | description | source |\n|---|---|---|---|---|\n");
        for (Option<?> o : ALL) {
            out.append("| `").append(o.key()).append("` | ").append(o.type().getSimpleName()).append(" | ")
                    .append(o.defaultValue()).append(" | ").append(o.description()).append(" | ")
                    .append(o.source()).append(" |\n");
        }
        return out.toString();
    }

    /** The option with {@code key}; unknown keys fail with the list of known ones. */
    public static Option<?> byKey(String key) {
        Option<?> option = BY_KEY.get(key);
        if (option == null) {
            throw new IllegalArgumentException("unknown hardware-model option '" + key + "'; known: " + BY_KEY.keySet());
        }
        return option;
    }

    private static Map<String, Option<?>> index() {
        Map<String, Option<?>> map = new LinkedHashMap<>();
        for (Option<?> o : ALL) {
            if (map.put(o.key(), o) != null) {
                throw new IllegalStateException("duplicate option key " + o.key());
            }
        }
        return map;
    }
}
