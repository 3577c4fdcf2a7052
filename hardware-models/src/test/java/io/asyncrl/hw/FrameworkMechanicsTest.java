package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the framework mechanics cost, computed by hand, and what the profiles say (read back from the profiles). */
class FrameworkMechanicsTest {
    private static final Device H800 = DeviceCatalog.require("h800-sxm");
    private static final ModelArch QWEN_7B = ModelCatalog.require("qwen2.5-7b"); // 7.62e9 parameters (derived), 28 layers
    /** PCIe 5.0 x16: 32 GT/s x 16 lanes x 128/130 encoding / 8 bits = 63.0 GB/s per direction. */
    private static final double PCIE5_X16_GBPS = 63.0;

    @Test
    void shouldOffloadASevenBActorOverPcieInTheTimeItsBytesTake() {
        OptionValues all = OptionValues.defaults().with(SWITCH_HOST_GBPS, PCIE5_X16_GBPS)
                .with(PARAM_OFFLOAD, true).with(GRAD_OFFLOAD, true).with(OPTIMIZER_OFFLOAD, true);
        WeightSyncModel sync = new WeightSyncModel(all);
        // bf16 params 2 B + fp32 grads 4 B + Adam (fp32 master, m, v) 12 B = 18 B/param; 7.62e9 x 18 = 137.16 GB,
        // sharded over 8 devices = 17.145 GB each, at 63 GB/s = 0.27214 s one way
        assertEquals(7.62e9 * 18 / 8 / 63e9, sync.offloadSeconds(QWEN_7B, 8), 1e-12);
        assertEquals(0.2721, sync.offloadSeconds(QWEN_7B, 8), 1e-4);
        // bf16 params only (15.24 GB / 8 = 1.905 GB): 0.03024 s
        WeightSyncModel paramsOnly = new WeightSyncModel(all.with(GRAD_OFFLOAD, false).with(OPTIMIZER_OFFLOAD, false));
        assertEquals(0.03024, paramsOnly.offloadSeconds(QWEN_7B, 8), 1e-5);
        // nothing offloaded (verl's and AReaL's defaults): no host traffic
        WeightSyncModel none = new WeightSyncModel(all.with(PARAM_OFFLOAD, false).with(OPTIMIZER_OFFLOAD, false)
                .with(GRAD_OFFLOAD, false));
        assertEquals(0.0, none.offloadSeconds(QWEN_7B, 8));
        // a colocated switch = fixed + one direction of offload + reshard (none: same TP, no gather)
        assertEquals(SWITCH_FIXED_SECONDS.defaultValue() + 7.62e9 * 18 / 8 / 63e9,
                sync.colocatedSwitchSeconds(H800, QWEN_7B, 8, 2, 2), 1e-9);
    }

    @Test
    void shouldKeepTheOldSwitchWithoutAFramework() {
        // the model's defaults offload weights and Adam state: (2 + 12) B x 7.62e9 / 16 devices / 12 GB/s = 0.5556 s
        WeightSyncModel sync = new WeightSyncModel(OptionValues.defaults());
        assertEquals(14 * 7.62e9 / 16 / 12e9, sync.offloadSeconds(QWEN_7B, 16), 1e-12);
    }

    @Test
    void shouldGatherTheFsdpShardsOverAllDevicesWhenResharding() {
        OptionValues gather = OptionValues.defaults().with(RESHARD_GATHER, true);
        WeightSyncModel sync = new WeightSyncModel(gather);
        // 15.24 GB of bf16 weights all-gathered over 16 H800 (2 nodes of 8): one ring phase of the hierarchical
        // all-reduce, i.e. half of: inside the node 2 x 7/8 x 15.24e9 / (400 GB/s x 0.5) = 0.1334 s, and across the
        // 2 nodes 2 x 1/2 x (15.24e9 / 8) / (50 GB/s x 0.8) = 0.0476 s
        double intra = 2 * 7.0 / 8 * 15.24e9 / (400e9 * 0.5);
        double inter = 2 * 0.5 * (15.24e9 / 8) / (50e9 * 0.8);
        assertEquals((intra + inter) / 2, sync.reshardSeconds(H800, QWEN_7B, 16, 1, 1), 1e-9);
        assertEquals(0.0905, sync.reshardSeconds(H800, QWEN_7B, 16, 1, 1), 1e-4);
        // without the gather, equal TP sizes need no regather
        assertEquals(0.0, new WeightSyncModel(OptionValues.defaults()).reshardSeconds(H800, QWEN_7B, 16, 1, 1));
    }

    @Test
    void shouldChargeAnExtraForwardForActivationCheckpointing() {
        TrainingTimeModel m = new TrainingTimeModel(OptionValues.defaults());
        TrainJob job = new TrainJob(8, 1, 1, 4_000_000L, 1000, 4, false, false);
        TrainStepTiming with = m.trainStep(H800, QWEN_7B, job, Precision.BF16, true, false);
        TrainStepTiming without = m.trainStep(H800, QWEN_7B, job, Precision.BF16, false, false);
        // forward + backward = 3 forward-equivalents; with full recompute the backward re-runs the forward: 4
        assertEquals(4.0 / 3.0, with.computeSeconds() / without.computeSeconds(), 1e-12);
        // hand value: 4 x 4e6 tokens x forward FLOPs per token / (8 x 989e12 x mfu)
        double fwd = ModelFootprint.forwardFlopsPerToken(QWEN_7B, 4000.0);
        assertEquals(4 * 4e6 * fwd / (8 * 989e12 * TRAIN_MFU.defaultValue()), with.computeSeconds(), 1e-9);
    }

    @Test
    void shouldChargeOneForwardPerLogprobPassOnTheTrainer() {
        TrainJob job = new TrainJob(8, 1, 1, 4_000_000L, 1000, 4, false, true);
        double fwd = ModelFootprint.forwardFlopsPerToken(QWEN_7B, 4000.0) * 4e6 / (8 * 989e12 * TRAIN_MFU.defaultValue());
        // trainer recompute of old log-probs + reference forward: 2 forwards
        TrainStepTiming both = new TrainingTimeModel(OptionValues.defaults()).trainStep(H800, QWEN_7B, job, Precision.BF16);
        assertEquals(2 * fwd, both.logprobSeconds(), 1e-9);
        // AReaL's math recipe: kl_ctl 0, no reference model: 1 forward
        TrainStepTiming noRef = new TrainingTimeModel(OptionValues.defaults().with(REFERENCE_LOGPROBS, false))
                .trainStep(H800, QWEN_7B, job, Precision.BF16);
        assertEquals(fwd, noRef.logprobSeconds(), 1e-9);
        // log-probs from the rollout engine and no reference: nothing on the trainer
        TrainStepTiming none = new TrainingTimeModel(OptionValues.defaults().with(REFERENCE_LOGPROBS, false)
                .with(LOGPROB_RECOMPUTE, false)).trainStep(H800, QWEN_7B, job, Precision.BF16);
        assertEquals(0.0, none.logprobSeconds());
    }

    @Test
    void shouldPayAForwardsTensorParallelAllReducesInEachLogprobPass() {
        // Qwen2.5-7B on 8 H800 at TP 2 (dp 4), 4M tokens: each rank forwards 1M tokens. A Megatron forward all-reduces
        // the activations twice per layer (attention and MLP RowParallelLinear outputs): 2 x 28 layers x (1M tokens x
        // 2 x (2-1)/2 x 7,168 B (hidden 3,584 in bf16) / (400 GB/s NVLink x 0.5) + 1M / 16,384 micro-batches x 8 us)
        // = 56 x (0.035840 + 0.000488) = 2.0344 s per forward pass
        TrainJob tp2 = new TrainJob(8, 2, 1, 4_000_000L, 1000, 4, false, true);
        double perForward = 2 * 28 * (1e6 * 7168 / 200e9 + 1e6 / 16384.0 * 8e-6);
        assertEquals(2.0344, perForward, 1e-4);
        double fwd = ModelFootprint.forwardFlopsPerToken(QWEN_7B, 4000.0) * 4e6 / (8 * 989e12 * TRAIN_MFU.defaultValue());
        TrainingTimeModel m = new TrainingTimeModel(OptionValues.defaults());
        // old log-probs + reference: two forwards, each with its all-reduces
        TrainStepTiming both = m.trainStep(H800, QWEN_7B, tp2, Precision.BF16);
        assertEquals(2 * (fwd + perForward), both.logprobSeconds(), 1e-9);
        assertEquals(2 * (fwd + perForward), m.streamedLogprobSeconds(H800, QWEN_7B, tp2, Precision.BF16), 1e-9);
        assertEquals(both.extraPassesSeconds(), both.logprobSeconds(), 1e-12);
        // at TP 1 there is nothing to all-reduce
        TrainJob tp1 = new TrainJob(8, 1, 1, 4_000_000L, 1000, 4, false, true);
        assertEquals(2 * fwd, m.trainStep(H800, QWEN_7B, tp1, Precision.BF16).logprobSeconds(), 1e-9);
    }

    @Test
    void shouldSetVerlsDocumentedDefaults() {
        FrameworkProfiles.Profile verl = FrameworkProfiles.profile("verl");
        // ppo_trainer.yaml (v0.3): fsdp_config.param_offload/optimizer_offload False, enable_gradient_checkpointing
        // True, rollout.gpu_memory_utilization 0.5, enforce_eager True, max_num_seqs 1024; old_log_prob on the actor
        // checkpoint_engine README / rollout.py: the nccl backend for disaggregated runs, 2048 MB buckets
        // fully_async_policy: the trainer trains the stale samples it takes (and counts them)
        assertEquals(Map.ofEntries(Map.entry("param_offload", "false"), Map.entry("optimizer_offload", "false"),
                Map.entry("gradient_checkpointing", "true"), Map.entry("logprob_source", "trainer"),
                Map.entry("reference_logprobs", "true"), Map.entry("reshard", "gather"),
                Map.entry("rollout_memory_fraction", "0.5"), Map.entry("rollout_eager", "true"),
                Map.entry("max_num_seqs", "1024"), Map.entry("minibatch_split", "count"),
                Map.entry("weight_sync", "nccl"), Map.entry("sync_bucket_mb", "2048"),
                Map.entry("inference_engine", "vllm"), Map.entry("driver_reward_ms", "12.2"),
                Map.entry("stale_samples", "train")), values(verl));
        OptionValues o = FrameworkProfiles.options("verl", Map.of(), OptionValues.defaults());
        assertFalse(o.get(PARAM_OFFLOAD));
        assertFalse(o.get(OPTIMIZER_OFFLOAD));
        assertTrue(o.get(ACTIVATION_RECOMPUTE));
        assertTrue(o.get(RESHARD_GATHER));
        assertEquals(0.5, o.get(COLOCATED_MEMORY_FRACTION));
        assertTrue(o.get(COLOCATED_EAGER));
        assertEquals(1024, o.get(MAX_NUM_SEQS));
        assertTrue(o.get(MINIBATCH_BY_COUNT));
        verl.settings().forEach(s -> assertTrue(s.source().contains("verl"), s.mechanic() + " cites verl"));
    }

    @Test
    void shouldSetArealsDocumentedDefaults() {
        // boba_grpo.yaml: gradient_checkpointing true, recompute_logprob true, kl_ctl 0.0 (no reference model);
        // cli_args.py: offload_params False, optimizer offload False, SGLang disable_cuda_graph False
        // realhf's training/configs (the paper's system): SGLang mem_fraction_static 0.8
        // realhf's ReaLModel cuts pipeline stages by parameter count (partition_pipeline_layers, method "parameters")
        // realhf's async experiment builds its gserver manager with schedule_policy="round_robin"
        // realhf checks max_head_offpolicyness when it allocates a rollout, and trains every finished trajectory
        assertEquals(Map.ofEntries(Map.entry("param_offload", "false"), Map.entry("optimizer_offload", "false"),
                Map.entry("gradient_checkpointing", "true"), Map.entry("logprob_source", "trainer"),
                Map.entry("reference_logprobs", "false"), Map.entry("rollout_eager", "false"),
                Map.entry("rollout_memory_fraction", "0.8"), Map.entry("minibatch_split", "tokens"),
                Map.entry("pipeline_partition", "parameters"), Map.entry("weight_sync", "disk"),
                Map.entry("dispatch", "round-robin"),
                Map.entry("stale_samples", "train"),
                Map.entry("inference_engine", "sglang")),
                values(FrameworkProfiles.profile("areal")));
        OptionValues o = FrameworkProfiles.options("areal", Map.of(), OptionValues.defaults());
        assertFalse(o.get(REFERENCE_LOGPROBS));
        assertTrue(o.get(LOGPROB_RECOMPUTE));
        assertFalse(o.get(DEDICATED_EAGER));
        assertFalse(o.get(MINIBATCH_BY_COUNT));
        FrameworkProfiles.profile("areal").settings().forEach(s -> assertTrue(s.source().contains("AReaL"), s.mechanic().key()));
    }

    @Test
    void shouldGiveADedicatedEngineOnlyItsFrameworksShareOfTheDeviceMemory() {
        // AReaL's SGLang at mem_fraction_static 0.8 on its own H800 (80 GiB), Qwen2.5-7B at TP 1:
        // 0.8 x 80 x 2^30 B = 68.72 GB, minus the bf16 weights (7.62e9 x 2 B = 15.24 GB; derived count below),
        // over 57,344 B of KV per token (2 x 28 layers x 4 kv heads x 128 x 2 B) = about 0.93M tokens
        OptionValues areal = FrameworkProfiles.options("areal", Map.of(), OptionValues.defaults());
        assertEquals(0.2, areal.get(MEMORY_RESERVE_FRACTION), 1e-12);
        HardwareModel hw = HardwareModels.withOptions(areal);
        long kv = hw.inference(H800, QWEN_7B, 1, hw.rolloutEngine(false, 0.0, null)).kvCapacityTokens();
        double weights = QWEN_7B.params() * 2.0;
        assertEquals((long) ((0.8 * 80 * 1024.0 * 1024 * 1024 - weights) / 57_344), kv);
        assertEquals(0.93e6, kv, 0.01e6);
        // without a framework the engine gets 0.9 of the device: 0.1 x 85.9 GB / 57,344 B = 0.15M tokens more
        HardwareModel ideal = HardwareModels.withOptions(OptionValues.defaults());
        long kvIdeal = ideal.inference(H800, QWEN_7B, 1, ideal.rolloutEngine(false, 0.0, null)).kvCapacityTokens();
        assertEquals(0.1 * 80 * 1024.0 * 1024 * 1024 / 57_344, kvIdeal - kv, 1.0);
        // a colocated engine of the same profile also gets 0.8
        assertEquals(0.8, areal.get(COLOCATED_MEMORY_FRACTION), 1e-12);
    }

    @Test
    void shouldReadTheDriversRewardTimeAndRefuseABadOne() {
        // verl pull request 1206: the naive reward manager took 200+ s for 16,384 math-verify answers: 12.2 ms each
        FrameworkProfiles.Mechanic m = FrameworkProfiles.Mechanic.DRIVER_REWARD_MS;
        assertEquals(12.2, FrameworkProfiles.value("verl", Map.of(), m).map(m::number).orElseThrow(), 1e-12);
        assertEquals(Math.floor(200_000.0 / 16_384 * 10) / 10, 12.2, 1e-12);
        assertTrue(FrameworkProfiles.value("areal", Map.of(), m).isEmpty(), "AReaL scores answers in its reward service");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FrameworkProfiles.options("verl", Map.of("driver_reward_ms", "-1"), OptionValues.defaults()));
        assertTrue(bad.getMessage().startsWith("driver_reward_ms must be a number of milliseconds in [0, 60000]"),
                bad.getMessage());
    }

    @Test
    void shouldReadTheDispatchRuleAndRefuseABadOne() {
        FrameworkProfiles.Mechanic m = FrameworkProfiles.Mechanic.DISPATCH;
        assertTrue(FrameworkProfiles.value("areal", Map.of(), m).map(m::roundRobin).orElseThrow());
        assertFalse(FrameworkProfiles.value("areal", Map.of("dispatch", "least-queued"), m).map(m::roundRobin).orElseThrow());
        assertTrue(FrameworkProfiles.value("verl", Map.of(), m).isEmpty(), "verl sets no dispatch rule: least-queued");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FrameworkProfiles.options("areal", Map.of("dispatch", "random"), OptionValues.defaults()));
        assertTrue(bad.getMessage().startsWith("dispatch must be round-robin or least-queued"), bad.getMessage());
    }

    @Test
    void shouldReadTheStaleSamplesRuleAndRefuseABadOne() {
        FrameworkProfiles.Mechanic m = FrameworkProfiles.Mechanic.STALE_SAMPLES;
        assertTrue(FrameworkProfiles.value("areal", Map.of(), m).map(m::trainsStale).orElseThrow(),
                "realhf checks max_head_offpolicyness at admission only");
        assertFalse(FrameworkProfiles.value("areal", Map.of("stale_samples", "drop"), m).map(m::trainsStale).orElseThrow());
        assertTrue(FrameworkProfiles.value("verl", Map.of(), m).map(m::trainsStale).orElseThrow(),
                "verl's fully-asynchronous trainer trains them too");
        assertTrue(FrameworkProfiles.value("asyncflow", Map.of(), m).isEmpty(), "asyncflow sets no rule: they are dropped");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FrameworkProfiles.options("areal", Map.of("stale_samples", "keep"), OptionValues.defaults()));
        assertTrue(bad.getMessage().startsWith("stale_samples must be drop or train"), bad.getMessage());
    }

    @Test
    void shouldDescribeWhatAProfileSetsWithTheSpecsOverridesMarked() {
        assertEquals("framework openrlhf: optimizer_offload false, gradient_checkpointing true (spec), "
                + "rollout_memory_fraction 0.95, rollout_eager false, inference_engine vllm",
                FrameworkProfiles.describe("openrlhf", Map.of("gradient_checkpointing", "true")));
        assertEquals("framework ideal: no mechanic set (the model's defaults)", FrameworkProfiles.describe("ideal", Map.of()));
        assertTrue(FrameworkProfiles.describe("areal", Map.of()).endsWith(", dispatch round-robin, stale_samples train, inference_engine sglang"),
                FrameworkProfiles.describe("areal", Map.of()));
    }

    @Test
    void shouldSetOpenRlhfAndSlimeDefaultsAsTheirArgumentParsersSay() {
        // train_ppo_ray.py: --adam_offload, --gradient_checkpointing, --enforce_eager are off; vLLM gets 0.95
        assertEquals(Map.of("optimizer_offload", "false", "gradient_checkpointing", "false",
                "rollout_memory_fraction", "0.95", "rollout_eager", "false", "inference_engine", "vllm"),
                values(FrameworkProfiles.profile("openrlhf")));
        // slime: --offload-train is always on when colocated: weights, gradients and optimizer state leave the devices
        OptionValues slime = FrameworkProfiles.options("slime", Map.of(), OptionValues.defaults());
        assertTrue(slime.get(PARAM_OFFLOAD) && slime.get(GRAD_OFFLOAD) && slime.get(OPTIMIZER_OFFLOAD));
        // so a slime switch of a 7B actor on 8 devices moves (2 + 4 + 12) B x 7.62e9 / 8 at 12 GB/s = 1.42875 s
        assertEquals(1.42875, new WeightSyncModel(slime).offloadSeconds(QWEN_7B, 8), 1e-9);
    }

    @Test
    void shouldChangeNothingWithoutAFrameworkAndLetASpecOverrideAnyMechanic() {
        assertEquals(OptionValues.defaults(), FrameworkProfiles.options("ideal", Map.of(), OptionValues.defaults()));
        OptionValues o = FrameworkProfiles.options("verl", Map.of("param_offload", "true", "logprob_source", "rollout"),
                OptionValues.defaults());
        assertTrue(o.get(PARAM_OFFLOAD));
        assertFalse(o.get(LOGPROB_RECOMPUTE));
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> FrameworkProfiles.options("verl", Map.of("param_ofload", "true"), OptionValues.defaults()));
        assertTrue(typo.getMessage().contains("unknown framework setting 'param_ofload'"), typo.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FrameworkProfiles.options("verl", Map.of("logprob_source", "engine"), OptionValues.defaults()));
        assertEquals("logprob_source must be trainer or rollout: where the old policy's log-probs come from, got 'engine'",
                bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FrameworkProfiles.profile("deepspeed-chat"));
    }

    private static Map<String, String> values(FrameworkProfiles.Profile p) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        p.settings().forEach(s -> m.put(s.mechanic().key(), s.value()));
        return m;
    }
}
