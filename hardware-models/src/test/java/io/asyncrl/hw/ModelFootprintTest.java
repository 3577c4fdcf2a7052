package io.asyncrl.hw;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ModelFootprintTest {
    private static final ModelArch QWEN_7B = ModelCatalog.require("qwen2.5-7b");
    private static final ModelArch LLAMA_70B = ModelCatalog.require("llama-3.1-70b");
    private static final ModelArch DEEPSEEK_V3 = ModelCatalog.require("deepseek-v3");

    @Test
    void shouldCacheFiftySixKibPerTokenForQwen7bInBf16() {
        // 2 (K,V) * 28 layers * 4 kv heads * 128 head dim * 2 bytes
        assertEquals(57_344.0, ModelFootprint.kvBytesPerToken(QWEN_7B, Precision.BF16));
        assertEquals(56 * 1024.0, ModelFootprint.kvBytesPerToken(QWEN_7B, Precision.BF16));
    }

    @Test
    void shouldHalveTheKvCacheInFp8() {
        assertEquals(28_672.0, ModelFootprint.kvBytesPerToken(QWEN_7B, Precision.FP8));
    }

    @Test
    void shouldUseTheMlaOverrideForDeepseekV3() {
        assertEquals(70_272.0, ModelFootprint.kvBytesPerToken(DEEPSEEK_V3, Precision.BF16));
        // the latent is replicated on every TP rank
        assertEquals(70_272.0, ModelFootprint.kvBytesPerTokenPerDevice(DEEPSEEK_V3, Precision.BF16, 8));
    }

    @Test
    void shouldSplitKvHeadsOverTpAndReplicateBeyondThem() {
        // llama-3.1-70b: 2 * 80 * 8 * 128 * 2 = 327,680 B/token
        assertEquals(327_680.0, ModelFootprint.kvBytesPerToken(LLAMA_70B, Precision.BF16));
        assertEquals(81_920.0, ModelFootprint.kvBytesPerTokenPerDevice(LLAMA_70B, Precision.BF16, 4));
        assertEquals(40_960.0, ModelFootprint.kvBytesPerTokenPerDevice(LLAMA_70B, Precision.BF16, 8));
        // 8 kv heads on 16 ranks: each rank still holds one head
        assertEquals(40_960.0, ModelFootprint.kvBytesPerTokenPerDevice(LLAMA_70B, Precision.BF16, 16));
    }

    @Test
    void shouldCountWeightsOfEveryExpertButComputeOfActiveOnes() {
        ModelArch qwen3 = ModelCatalog.require("qwen3-30b-a3b");
        assertEquals(61e9, ModelFootprint.weightBytes(qwen3, Precision.BF16));
        assertEquals(6.7e9, ModelFootprint.denseForwardFlopsPerToken(qwen3));
    }

    @Test
    void shouldCountAttentionFlopsPerQueryKeyPair() {
        // 4 * 28 layers * 28 heads * 128
        assertEquals(401_408.0, ModelFootprint.attentionFlopsPerPair(QWEN_7B));
        // 2 * 7.62e9 + 401,408 * 1000 / 2
        assertEquals(15.24e9 + 200_704_000.0, ModelFootprint.forwardFlopsPerToken(QWEN_7B, 1000));
    }
}
