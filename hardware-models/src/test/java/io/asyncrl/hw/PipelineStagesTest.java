package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** realhf's parameter-balanced pipeline stages and the slowest stage's load, computed by hand. */
class PipelineStagesTest {
    private static final Device H800 = DeviceCatalog.require("h800-sxm");
    private static final ModelArch R1_1_5B = ModelCatalog.require("r1-distill-qwen-1.5b");
    private static final ModelArch R1_7B = ModelCatalog.require("r1-distill-qwen-7b");

    @Test
    void shouldCutTwoStagesByParametersAndPaceThePipelineByTheStageHoldingTheHead() {
        // R1-Distill-Qwen-1.5B: a block is 2 x 1536 x 12 x 128 + 2 x 1536 x 2 x 128 + 3 x 1536 x 8960 = 46,792,704
        // parameters; the embedding 151,936 x 1,536 = 233,373,696; the head 1.78e9 - 28 blocks - embedding = 236,430,592.
        assertEquals(46_792_704.0, PipelineStages.blockParams(R1_1_5B));
        // [embedding, 28 blocks, head] in 2 stages: embedding + 14 blocks | 14 blocks + head differ by 3,056,896
        // parameters (15 | 13 would differ by 2 blocks less that): cuts at items 0, 15, 30
        double[] params = new double[30];
        params[0] = 233_373_696.0;
        java.util.Arrays.fill(params, 1, 29, 46_792_704.0);
        params[29] = 236_430_592.0;
        assertArrayEquals(new int[] {0, 15, 30}, PipelineStages.partitionBalanced(params, 2));
        // forward FLOPs per token at 8,192 tokens: a block 2 x 46,792,704 + 4 x 12 x 128 x 4,096 = 118,751,232, the head
        // 2 x 236,430,592, the embedding 0: stage 1 = 14 blocks = 1,662,517,248, stage 2 = 14 blocks + head =
        // 2,135,378,432, the mean 1,898,947,840, so the last stage takes 1.12451 of the mean
        assertEquals(2_135_378_432.0 / 1_898_947_840.0, PipelineStages.slowestStageFactor(R1_1_5B, 2, 8192), 1e-12);
        assertEquals(1.12451, PipelineStages.slowestStageFactor(R1_1_5B, 2, 8192), 1e-5);
        // one stage or an MoE model: no factor
        assertEquals(1.0, PipelineStages.slowestStageFactor(R1_1_5B, 1, 8192));
        // the same model at 4 stages after 2 (the cuts are kept per model and depth): [embedding, 28 blocks, head] cut
        // by realhf's partition into 4, each stage's FLOPs summed (block 118,751,232, head 472,861,184, embedding 0)
        int[] cuts = PipelineStages.partitionBalanced(params, 4);
        double[] flops = new double[30];
        java.util.Arrays.fill(flops, 1, 29, 118_751_232.0);
        flops[29] = 472_861_184.0;
        double slowest = 0.0;
        double total = 0.0;
        for (int st = 0; st < 4; st++) {
            double stage = 0.0;
            for (int i = cuts[st]; i < cuts[st + 1]; i++) {
                stage += flops[i];
            }
            slowest = Math.max(slowest, stage);
            total += stage;
        }
        assertEquals(slowest / (total / 4), PipelineStages.slowestStageFactor(R1_1_5B, 4, 8192), 1e-12);
        assertNotEquals(PipelineStages.slowestStageFactor(R1_1_5B, 2, 8192), slowest / (total / 4));
    }

    @Test
    void shouldMatchRealhfsPartitionOfASevenBIntoFourStages() {
        // realhf's datapack.partition_balanced on R1-Distill-Qwen-7B's [embedding 544,997,376, 28 blocks of 233,046,016,
        // head 549,714,176] with k = 4 (run with realhf's own function): cuts 0, 7, 15, 23, 30, i.e. embedding + 6
        // blocks | 8 blocks | 8 blocks | 6 blocks + head
        double[] params = new double[30];
        params[0] = 544_997_376.0;
        java.util.Arrays.fill(params, 1, 29, 233_046_016.0);
        params[29] = 549_714_176.0;
        assertArrayEquals(new int[] {0, 7, 15, 23, 30}, PipelineStages.partitionBalanced(params, 4));
    }

    @Test
    void shouldStretchTheUpdateAndTheLogprobForwardsOnlyUnderAReaLsPartition() {
        // 32 H800 at TP 1, PP 2 (dp 16), 8,192 sequences of 8,192 tokens: every pass is stretched by the factor
        TrainJob job = new TrainJob(32, 1, 2, 8192L * 8192, 8192, 4, false, false);
        OptionValues areal = FrameworkProfiles.options("areal", Map.of(), OptionValues.defaults());
        assertTrue(areal.get(PIPELINE_PARTITION_BY_PARAMETERS));
        OptionValues balanced = FrameworkProfiles.options("areal", Map.of("pipeline_partition", "compute"),
                OptionValues.defaults());
        TrainStepTiming a = new TrainingTimeModel(areal).trainStep(H800, R1_1_5B, job, Precision.BF16);
        TrainStepTiming b = new TrainingTimeModel(balanced).trainStep(H800, R1_1_5B, job, Precision.BF16);
        double factor = PipelineStages.slowestStageFactor(R1_1_5B, 2, 8192);
        assertEquals(factor, a.computeSeconds() / b.computeSeconds(), 1e-12);
        assertEquals(factor, a.logprobSeconds() / b.logprobSeconds(), 1e-12);
        // the model without a framework keeps stages of equal compute
        assertFalse(OptionValues.defaults().get(PIPELINE_PARTITION_BY_PARAMETERS));
    }
}
