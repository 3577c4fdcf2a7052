package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TrainingTimeModelTest {
    private static final OptionValues PINNED = OptionValues.defaults()
            .with(TRAIN_MFU, 0.5)
            .with(TRAIN_MOE_EFFICIENCY, 0.25)
            .with(DP_COMM_OVERLAP, 0.0)
            .with(INTRA_NODE_LINK_EFFICIENCY, 0.5)
            .with(INTER_NODE_LINK_EFFICIENCY, 0.8)
            .with(HBM_BANDWIDTH_EFFICIENCY, 0.5)
            .with(MICRO_BATCH_TOKENS, 8192);
    private static final Device H100 = DeviceCatalog.require("h100-sxm");
    private static final ModelArch QWEN_7B = ModelCatalog.require("qwen2.5-7b");
    private static final TrainingTimeModel MODEL = new TrainingTimeModel(PINNED);

    /** 64 sequences of 8,192 tokens on one 8-device node, tp=1 pp=1, one minibatch. */
    private static TrainJob job(int devices, boolean critic, boolean reference) {
        return new TrainJob(devices, 1, 1, 64L * 8192, 64, 1, critic, reference);
    }

    private static final double TOKENS = 64.0 * 8192;
    /** 2 * 7.62e9 + 401,408 FLOPs per pair * 8192 / 2 average causal context. */
    private static final double FWD_PER_TOKEN = 15.24e9 + 401_408.0 * 4096;
    private static final double FLOPS_8 = 8 * 989e12 * 0.5;

    @Test
    void shouldSpendSixNPerTokenPlusAttentionAtTheMfu() {
        TrainStepTiming t = MODEL.trainStep(H100, QWEN_7B, job(8, false, false), Precision.BF16, false, false);
        assertEquals(3 * FWD_PER_TOKEN * TOKENS / FLOPS_8, t.computeSeconds(), 1e-12);
        assertEquals(0.0, t.extraPassesSeconds());
    }

    @Test
    void shouldChargeAttentionOnEachSequencesOwnLengthNotTheMean() {
        // Same 524,288 tokens in 64 sequences: 32 of 2,048 and 32 of 14,336 tokens (mean 8,192).
        double squared = 32.0 * 2048 * 2048 + 32.0 * 14336 * 14336;
        TrainJob spread = new TrainJob(8, 1, 1, 64L * 8192, 64, 1, false, false, squared);
        TrainStepTiming t = MODEL.trainStep(H100, QWEN_7B, spread, Precision.BF16, false, false);
        // Causal pairs are sum(L^2)/2 = tokens * (sum(L^2) / tokens) / 2: the token-weighted mean length is 12,800.
        double fwdPerToken = 15.24e9 + 401_408.0 * (squared / TOKENS) / 2;
        assertEquals(3 * fwdPerToken * TOKENS / FLOPS_8, t.computeSeconds(), 1e-12);
        // Equal lengths given explicitly cost what the mean-length job costs.
        TrainJob equal = new TrainJob(8, 1, 1, 64L * 8192, 64, 1, false, false, 64.0 * 8192 * 8192);
        assertEquals(MODEL.trainStep(H100, QWEN_7B, job(8, false, false), Precision.BF16, false, false).computeSeconds(),
                MODEL.trainStep(H100, QWEN_7B, equal, Precision.BF16, false, false).computeSeconds(), 1e-12);
    }

    @Test
    void shouldSpendEightNPerTokenWithActivationRecompute() {
        TrainStepTiming plain = MODEL.trainStep(H100, QWEN_7B, job(8, false, false), Precision.BF16, false, false);
        TrainStepTiming recompute = MODEL.trainStep(H100, QWEN_7B, job(8, false, false), Precision.BF16, true, false);
        assertEquals(4.0 / 3.0, recompute.computeSeconds() / plain.computeSeconds(), 1e-12);
    }

    @Test
    void shouldAddLogprobReferenceAndCriticPasses() {
        double forward = FWD_PER_TOKEN * TOKENS / FLOPS_8;
        assertEquals(forward, MODEL.trainStep(H100, QWEN_7B, job(8, false, false), Precision.BF16, false, true)
                .extraPassesSeconds(), 1e-12, "log-prob recomputation: one policy forward");
        assertEquals(2 * forward, MODEL.trainStep(H100, QWEN_7B, job(8, false, true), Precision.BF16, false, true)
                .extraPassesSeconds(), 1e-12, "plus the reference forward");
        // critic: a value forward plus its own forward+backward (3 forwards without recompute)
        assertEquals(6 * forward, MODEL.trainStep(H100, QWEN_7B, job(8, true, true), Precision.BF16, false, true)
                .extraPassesSeconds(), 1e-12);
    }

    @Test
    void shouldSeparateTheLogprobForwardsAStreamingDataPlaneRunsPerSample() {
        double forward = FWD_PER_TOKEN * TOKENS / FLOPS_8;
        // PPO with a critic and a reference: the old and reference log-prob forwards need no advantages; the critic does
        TrainStepTiming ppo = MODEL.trainStep(H100, QWEN_7B, job(8, true, true), Precision.BF16, false, true);
        assertEquals(2 * forward, ppo.logprobSeconds(), 1e-12);
        assertEquals(ppo.totalSeconds() - 2 * forward, ppo.updateSeconds(), 1e-12);
        // streamed over the same tokens (pp = 1, so no bubble either way) they cost the same; the default
        // options recompute log-probs, so the streamed figure counts both forwards
        TrainingTimeModel defaults = new TrainingTimeModel(PINNED.with(LOGPROB_RECOMPUTE, true));
        assertEquals(2 * forward, defaults.streamedLogprobSeconds(H100, QWEN_7B, job(8, true, true), Precision.BF16), 1e-12);
        assertEquals(forward, defaults.streamedLogprobSeconds(H100, QWEN_7B, job(8, true, false), Precision.BF16), 1e-12);
    }

    @Test
    void shouldChargeRingAllReduceOfBf16GradientsOverNvlinkInsideANode() {
        TrainStepTiming t = MODEL.trainStep(H100, QWEN_7B, job(8, false, false), Precision.BF16, false, false);
        double allReduce = 2.0 * 7 / 8 * 15.24e9 / 450e9;
        assertEquals(allReduce, t.communicationSeconds(), 1e-12);
        // Adam: (2 * 12 + 4 + 2) bytes per parameter of the 1/8 shard at 3,350 GB/s * 0.5
        assertEquals(7.62e9 / 8 * 30 / 1.675e12, t.optimizerSeconds(), 1e-12);
    }

    @Test
    void shouldCrossNodesOverTheSlowerNetworkHierarchically() {
        TrainStepTiming t = MODEL.trainStep(H100, QWEN_7B, job(16, false, false), Precision.BF16, false, false);
        // reduce-scatter/all-gather over 8 devices on NVLink, then an all-reduce of 1/8 between 2 nodes on IB
        double expected = 2.0 * 7 / 8 * 15.24e9 / 450e9 + 2.0 * 1 / 2 * (15.24e9 / 8) / 40e9;
        assertEquals(expected, t.communicationSeconds(), 1e-12);
    }

    @Test
    void shouldChargeOneGradientAllReduceAndOptimizerStepPerMinibatch() {
        TrainJob one = job(8, false, false);
        TrainJob four = new TrainJob(8, 1, 1, one.tokens(), one.sequences(), 4, false, false);
        TrainStepTiming a = MODEL.trainStep(H100, QWEN_7B, one, Precision.BF16, false, false);
        TrainStepTiming b = MODEL.trainStep(H100, QWEN_7B, four, Precision.BF16, false, false);
        assertEquals(4 * a.optimizerSeconds(), b.optimizerSeconds(), 1e-12);
        assertEquals(4 * a.communicationSeconds(), b.communicationSeconds(), 1e-12);
        assertEquals(a.computeSeconds(), b.computeSeconds(), 1e-12);
    }

    @Test
    void shouldRunMoeComputeOnActiveParametersAtTheMoeEfficiency() {
        ModelArch moe = ModelCatalog.require("qwen3-30b-a3b");
        TrainJob job = new TrainJob(8, 1, 1, 64L * 4096, 64, 1, false, false);
        TrainStepTiming t = MODEL.trainStep(H100, moe, job, Precision.BF16, false, false);
        double fwd = 6.7e9 + 4.0 * 48 * 32 * 128 * 2048;
        assertEquals(3 * fwd * 64 * 4096 / (8 * 989e12 * 0.5 * 0.25), t.computeSeconds(), 1e-12);
    }

    @Test
    void shouldStretchComputeByThePipelineBubble() {
        ModelArch llama = ModelCatalog.require("llama-3.1-70b");
        TrainJob pp1 = new TrainJob(32, 8, 1, 128L * 8192, 128, 1, false, false);
        TrainJob pp4 = new TrainJob(32, 2, 4, 128L * 8192, 128, 1, false, false);
        // pp=4 with 4 data-parallel ranks: 32 micro-batches of 8,192 tokens each, bubble 3/32
        double ratio = MODEL.trainStep(H100, llama, pp4, Precision.BF16, false, false).computeSeconds()
                / MODEL.trainStep(H100, llama, pp1, Precision.BF16, false, false).computeSeconds();
        assertEquals(1 + 3.0 / 32, ratio, 1e-12);
    }

    @Test
    void shouldNeverPredictASlowerStepWithMoreDevicesForTheSameWork() {
        HardwareModel hw = HardwareModels.defaultModel();
        String[] models = {"qwen2.5-1.5b", "qwen2.5-7b", "qwen2.5-32b", "llama-3.1-70b", "qwen3-30b-a3b"};
        int[][] layouts = {{1, 1}, {2, 1}, {4, 1}, {8, 1}, {4, 2}, {8, 4}};
        // RL-sized global batches: 1 M tokens up to 512 prompts * 16 answers * ~8 K tokens
        long[] tokens = {1L << 20, 16L << 20, 64L << 20};
        for (String deviceName : DeviceCatalog.names()) {
            Device device = DeviceCatalog.require(deviceName);
            for (String name : models) {
                for (int[] layout : layouts) {
                    for (long work : tokens) {
                        double previous = Double.MAX_VALUE;
                        for (int devices = layout[0] * layout[1]; devices <= 2048; devices *= 2) {
                            TrainJob job = new TrainJob(devices, layout[0], layout[1], work, work / 4096, 4, true, true);
                            double t = hw.trainStep(device, ModelCatalog.require(name), job).totalSeconds();
                            assertTrue(t <= previous, name + " on " + devices + " " + deviceName + " tp=" + layout[0]
                                    + " pp=" + layout[1] + " tokens=" + work + ": " + t + " > " + previous);
                            previous = t;
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldRefuseALayoutThatDoesNotDivideTheDevices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MODEL.trainStep(H100, QWEN_7B, new TrainJob(10, 4, 1, 1000, 1, 1, false, false), Precision.BF16));
        assertEquals("devices=10 is not a multiple of tp*pp=4", e.getMessage());
    }

    @Test
    void shouldTakeNoTimeForNoTokens() {
        assertEquals(0.0, MODEL.trainStep(H100, QWEN_7B, new TrainJob(8, 1, 1, 0, 0, 1, false, false), Precision.BF16)
                .totalSeconds());
    }
}
