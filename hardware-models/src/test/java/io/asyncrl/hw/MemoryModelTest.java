package io.asyncrl.hw;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryModelTest {
    private static final HardwareModel HW = HardwareModels.defaultModel();
    private static final Device H800 = DeviceCatalog.require("h800-sxm");
    private static final Device H100 = DeviceCatalog.require("h100-sxm");
    private static final double GIB = 1024d * 1024 * 1024;

    @Test
    void shouldRefuseLlama70bInBf16OnOne80GbDeviceAndSayByHowMuch() {
        MemoryCheck check = HW.inferenceFits(H800, ModelCatalog.require("llama-3.1-70b"), 1, 0);
        assertFalse(check.fits());
        double weights = 70.6e9 * 2 / GIB; // 131.5 GiB
        double reserve = 80 * 0.10;
        assertEquals(weights + reserve, check.requiredGib(), 1e-9);
        assertEquals(80, check.availableGib());
        assertTrue(check.message().startsWith(
                "llama-3.1-70b needs 131.5 GiB of weights per device at tp=1 but h800-sxm has 80 GiB (short by 59.5 GiB)"
                        + "; raise tp to at least 2"), check.message());
        assertTrue(check.message().contains("8.0 GiB kept from the engine, memory fraction 0.90"), check.message());
    }

    @Test
    void shouldFitLlama70bAtTp2WithAModestKvCache() {
        // 65.7 GiB weights + 8 GiB reserve + 16,384 tokens * 163,840 B = 2.5 GiB
        MemoryCheck check = HW.inferenceFits(H800, ModelCatalog.require("llama-3.1-70b"), 2, 16_384);
        assertTrue(check.fits(), check.message());
        assertEquals(70.6e9 / GIB + 8 + 16_384 * 163_840.0 / GIB, check.requiredGib(), 1e-9);
    }

    @Test
    void shouldCountTheMinimumKvCacheAgainstTheDevice() {
        ModelArch q7 = ModelCatalog.require("qwen2.5-7b");
        assertTrue(HW.inferenceFits(H100, q7, 1, 100_000).fits());
        // 15.2e9 B of weights + 8 GiB reserve leave ~57.8 GiB: about 1.08 M tokens at 56 KiB
        MemoryCheck tooMuch = HW.inferenceFits(H100, q7, 1, 1_200_000);
        assertFalse(tooMuch.fits());
        assertTrue(tooMuch.message().contains("raise tp to at least 2"), tooMuch.message());
    }

    @Test
    void shouldSuggestTheSmallestTpThatFitsDeepseekV3() {
        // 671e9 * 2 B = 1,250 GiB: 78.1 GiB per device at tp=16 plus the reserve is over 80; tp=32 fits
        MemoryCheck check = HW.inferenceFits(H100, ModelCatalog.require("deepseek-v3"), 8, 0);
        assertFalse(check.fits());
        assertTrue(check.message().contains("raise tp to at least 32"), check.message());
    }

    @Test
    void shouldNeverFitABiggerModelWhereASmallerOneDoesNot() {
        List<ModelArch> models = ModelCatalog.names().stream().map(ModelCatalog::require).toList();
        int comparisons = 0;
        for (String deviceName : DeviceCatalog.names()) {
            Device device = DeviceCatalog.require(deviceName);
            for (int tp : new int[] {1, 2, 4, 8}) {
                for (long kv : new long[] {0, 8_192, 131_072}) {
                    for (ModelArch big : models) {
                        for (ModelArch small : models) {
                            if (!dominatesForInference(big, small, tp)) {
                                continue;
                            }
                            comparisons++;
                            if (HW.inferenceFits(device, big, tp, kv).fits()) {
                                assertTrue(HW.inferenceFits(device, small, tp, kv).fits(),
                                        small.name() + " must fit where " + big.name() + " does on " + deviceName);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(comparisons > 500, "compared " + comparisons);
    }

    @Test
    void shouldNeverFitABiggerModelForTrainingWhereASmallerOneDoesNot() {
        List<ModelArch> models = ModelCatalog.names().stream().map(ModelCatalog::require).toList();
        for (String deviceName : List.of("h100-sxm", "a100-80g-sxm", "ascend-910b", "mi300x")) {
            Device device = DeviceCatalog.require(deviceName);
            for (int[] layout : new int[][] {{8, 1, 1}, {8, 2, 1}, {16, 8, 1}, {64, 8, 2}, {256, 8, 4}}) {
                for (ModelArch big : models) {
                    for (ModelArch small : models) {
                        if (big.params() >= small.params() && big.hidden() >= small.hidden()
                                && big.layers() >= small.layers() && big.vocab() >= small.vocab()
                                && HW.trainingFits(device, big, layout[0], layout[1], layout[2]).fits()) {
                            assertTrue(HW.trainingFits(device, small, layout[0], layout[1], layout[2]).fits(),
                                    small.name() + " vs " + big.name());
                        }
                    }
                }
            }
        }
    }

    private static boolean dominatesForInference(ModelArch big, ModelArch small, int tp) {
        return big != small && big.params() >= small.params()
                && ModelFootprint.kvBytesPerTokenPerDevice(big, Precision.BF16, tp)
                        >= ModelFootprint.kvBytesPerTokenPerDevice(small, Precision.BF16, tp);
    }

    @Test
    void shouldFitQwen7bTrainingOnOneEightDeviceNode() {
        MemoryCheck check = HW.trainingFits(H100, ModelCatalog.require("qwen2.5-7b"), 8, 1, 1);
        assertTrue(check.fits(), check.message());
        MemoryModel.TrainingMemory m = new MemoryModel(OptionValues.defaults())
                .trainingMemory(H100, ModelCatalog.require("qwen2.5-7b"), 8, 1, 1);
        assertEquals(7.62e9 * 2 / GIB, m.weights(), 1e-9);
        assertEquals(7.62e9 * 4 / GIB, m.gradients(), 1e-9);
        assertEquals(7.62e9 * 12 / 8 / GIB, m.optimizer(), 1e-9, "Adam state sharded over dp=8");
        assertEquals(m.weights() + m.gradients() + m.optimizer() + m.activations() + m.reserve(), check.requiredGib(), 1e-9);
    }

    @Test
    void shouldRefuseLlama70bTrainingOnOneNodeAndNameTheShortfall() {
        MemoryCheck check = HW.trainingFits(H100, ModelCatalog.require("llama-3.1-70b"), 8, 8, 1);
        assertFalse(check.fits());
        assertTrue(check.message().startsWith("llama-3.1-70b needs "), check.message());
        assertTrue(check.message().contains("at tp=8 pp=1 dp=1"), check.message());
        assertTrue(check.message().contains(String.format(java.util.Locale.ROOT, "(short by %.1f GiB)",
                check.requiredGib() - 80)), check.message());
        assertTrue(HW.trainingFits(H100, ModelCatalog.require("llama-3.1-70b"), 64, 8, 2).fits());
    }

    @Test
    void shouldRefuseALayoutThatDoesNotDivideTheDevices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HW.trainingFits(H100, ModelCatalog.require("qwen2.5-7b"), 12, 8, 1));
        assertEquals("devices=12 is not a multiple of tp*pp=8", e.getMessage());
    }
}
