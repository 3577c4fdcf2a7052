package io.asyncrl.hw;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class WeightSyncModelTest {
    private static final HardwareModel HW = HardwareModels.defaultModel();
    private static final Device H800 = DeviceCatalog.require("h800-sxm");
    /** Shapes only matter through the parameter count here (papers.md, checkpoint-engine). */
    private static final ModelArch GLM_45_AIR = new ModelArch("glm-4.5-air", 46, 4096, 96, 8, 128, 1408, 151552, 106, 12, 0);
    private static final ModelArch QWEN3_235B = new ModelArch("qwen3-235b-a22b", 94, 4096, 64, 4, 128, 1536, 151936, 235, 22, 0);

    @Test
    void shouldStayWithinTwentyPercentOfTheCheckpointEnginePointsAtTheirOwnBuckets() {
        // checkpoint-engine README (rows W1-W4): GLM-4.5-Air and Qwen3-235B BF16 on 8 H800 (3.02 / 2.67 GiB buckets),
        // DeepSeek-V3.1 FP8 on 16 and 256 H20 at TP16 (5.39 / 8.00 GiB buckets)
        OptionValues o = OptionValues.defaults();
        Device h20 = DeviceCatalog.require("h20");
        ModelArch v3 = ModelCatalog.require("deepseek-v3");
        assertEquals(3.47, sync(o, 3092).weightSyncSeconds(H800, GLM_45_AIR, 8, 8, 8, Precision.BF16), 0.2 * 3.47);
        assertEquals(6.22, sync(o, 2734).weightSyncSeconds(H800, QWEN3_235B, 8, 8, 8, Precision.BF16), 0.2 * 6.22);
        double small = sync(o, 5519).weightSyncSeconds(h20, v3, 16, 16, 16, Precision.FP8);
        double large = sync(o, 8192).weightSyncSeconds(h20, v3, 256, 256, 16, Precision.FP8);
        assertEquals(10.19, small, 0.2 * 10.19, "measured 10.19 s on 16xH20, predicted " + small);
        assertEquals(11.33, large, 0.2 * 11.33, "measured 11.33 s on 256xH20, predicted " + large);
    }

    private static WeightSyncModel sync(OptionValues o, double bucketMib) {
        return new WeightSyncModel(o.with(HardwareModelOptions.SYNC_BUCKET_MB, bucketMib));
    }

    @Test
    void shouldNeverSyncABiggerModelFaster() {
        double previous = 0;
        for (String name : new String[] {"qwen2.5-1.5b", "qwen2.5-7b", "qwen2.5-14b", "qwen2.5-32b", "qwen2.5-72b"}) {
            double t = HW.weightSyncSeconds(H800, ModelCatalog.require(name), 16, 48, 1);
            assertTrue(t > previous, name);
            previous = t;
        }
    }

    @Test
    void shouldAverageHybridFlowsElevenSecondSwitchOverItsScales() {
        Device a100 = DeviceCatalog.require("a100-80g-sxm");
        String[] models = {"qwen2.5-7b", "qwen2.5-14b", "qwen2.5-32b", "llama-3.1-70b"};
        int[] devices = {16, 32, 64, 128};
        int[] rolloutTp = {1, 2, 4, 8};
        double sum = 0;
        for (int i = 0; i < models.length; i++) {
            double s = HW.colocatedSwitchSeconds(a100, ModelCatalog.require(models[i]), devices[i], rolloutTp[i], 8);
            assertTrue(s > HardwareModelOptions.SWITCH_FIXED_SECONDS.defaultValue());
            sum += s;
        }
        assertEquals(11.7, sum / models.length, 0.5);
    }

    @Test
    void shouldChargeMoreForASwitchOnFewerDevices() {
        ModelArch q7 = ModelCatalog.require("qwen2.5-7b");
        assertTrue(HW.colocatedSwitchSeconds(H800, q7, 8, 1, 1) > HW.colocatedSwitchSeconds(H800, q7, 64, 1, 1));
    }

    @Test
    void shouldComputeCeilLog2InIntegers() {
        assertEquals(0, WeightSyncModel.ceilLog2(1));
        assertEquals(1, WeightSyncModel.ceilLog2(2));
        assertEquals(2, WeightSyncModel.ceilLog2(3));
        assertEquals(5, WeightSyncModel.ceilLog2(32));
    }
}
