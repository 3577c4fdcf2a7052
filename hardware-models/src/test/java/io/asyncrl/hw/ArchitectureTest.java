package io.asyncrl.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parameter counts and KV bytes derived from the shape, against counts worked out by hand (arithmetic
 * in the comments) and the counts the models' authors publish.
 */
class ArchitectureTest {

    // Llama-2-7B config.json: 32 layers, hidden 4096, 32 heads, 32 KV heads, head dim 128, ffn 11008, vocab 32000.
    private static final Architecture LLAMA_2_7B = Architecture.dense(32, 4096, 32, 32, 128, 11008, 32000, false);
    // Qwen3-8B: 36 layers, hidden 4096, 32 heads, 8 KV heads, head dim 128, ffn 12288, vocab 151936, untied.
    private static final Architecture QWEN3_8B = Architecture.dense(36, 4096, 32, 8, 128, 12288, 151936, false);
    // Mixtral-8x7B: Mistral-7B attention, 8 experts of ffn 14336, 2 per token, vocab 32000.
    private static final Architecture MIXTRAL = new Architecture(32, 4096, 32, 8, 128, 0, 32000, false,
            8, 2, 0, 14336, 0, 0, 0, 0, 0, 0);
    // Qwen3-30B-A3B: 48 layers, hidden 2048, 32 heads, 4 KV heads, 128 experts of ffn 768, 8 per token.
    private static final Architecture QWEN3_30B_A3B = new Architecture(48, 2048, 32, 4, 128, 6144, 151936, false,
            128, 8, 0, 768, 0, 0, 0, 0, 0, 0);
    // DeepSeek-V3: 61 layers, hidden 7168, 128 heads, MLA (q_lora 1536, kv_lora 512, rope 64, nope 128, v 128),
    // 256 routed experts of 2048 (8 per token) + 1 shared, first 3 layers dense with ffn 18432, vocab 129280.
    private static final Architecture DEEPSEEK_V3 = new Architecture(61, 7168, 128, 128, 128, 18432, 129280, false,
            256, 8, 1, 2048, 3, 512, 1536, 64, 128, 128);

    @Test
    void shouldCountLlama2SevenBByHand() {
        // per layer: q, o 2 * 4096 * 4096 = 33,554,432; k, v 2 * 4096 * 32 * 128 = 33,554,432; two norms 8,192;
        // MLP 3 * 4096 * 11008 = 135,266,304 -> 202,383,360; * 32 = 6,476,267,520.
        // embeddings and head 2 * 32000 * 4096 = 262,144,000; final norm 4,096 -> 6,738,415,616.
        assertEquals(6_738_415_616L, LLAMA_2_7B.params());
        assertEquals(LLAMA_2_7B.params(), LLAMA_2_7B.activeParams());
        assertWithinOnePercent(6.74e9, LLAMA_2_7B.params()); // Hugging Face meta-llama/Llama-2-7b-hf: 6.74B
    }

    @Test
    void shouldCountQwen3EightBByHand() {
        // per layer: q, o 2 * 4096 * 4096 = 33,554,432; k, v 2 * 4096 * 8 * 128 = 8,388,608; norms 8,192;
        // MLP 3 * 4096 * 12288 = 150,994,944 -> 192,946,176; * 36 = 6,946,062,336.
        // untied embeddings 2 * 151936 * 4096 = 1,244,659,712; final norm 4,096 -> 8,190,726,144.
        assertEquals(8_190_726_144L, QWEN3_8B.params());
        assertWithinOnePercent(8.2e9, QWEN3_8B.params()); // Qwen3-8B model card: 8.2B
    }

    @Test
    void shouldCountMixtralTotalAndActiveByHand() {
        // per layer: attention 41,943,040 (as Qwen3-8B's); norms 8,192; router 4096 * 8 = 32,768;
        // one expert 3 * 4096 * 14336 = 176,160,768.
        // total: 41,943,040 + 8,192 + 32,768 + 8 * 176,160,768 = 1,451,270,144; * 32 = 46,440,644,608;
        //   + 2 * 32000 * 4096 = 262,144,000 + 4,096 -> 46,702,792,704.
        // active: 41,943,040 + 8,192 + 32,768 + 2 * 176,160,768 = 394,305,536; * 32 = 12,617,777,152;
        //   + 262,148,096 -> 12,879,925,248.
        assertEquals(46_702_792_704L, MIXTRAL.params());
        assertEquals(12_879_925_248L, MIXTRAL.activeParams());
        // mistral.ai/news/mixtral-of-experts: 46.7B total, 12.9B per token
        assertWithinOnePercent(46.7e9, MIXTRAL.params());
        assertWithinOnePercent(12.9e9, MIXTRAL.activeParams());
    }

    @Test
    void shouldCountQwen3MoeTotalAndActiveByHand() {
        // per layer: q, o 2 * 2048 * 4096 = 16,777,216; k, v 2 * 2048 * 4 * 128 = 2,097,152; norms 4,096;
        // router 2048 * 128 = 262,144; one expert 3 * 2048 * 768 = 4,718,592.
        // total: 18,874,368 + 4,096 + 262,144 + 128 * 4,718,592 = 623,120,384; * 48 = 29,909,778,432;
        //   + 2 * 151936 * 2048 = 622,329,856 + 2,048 -> 30,532,110,336.
        // active: 18,874,368 + 4,096 + 262,144 + 8 * 4,718,592 = 56,889,344; * 48 = 2,730,688,512;
        //   + 622,331,904 -> 3,353,020,416.
        assertEquals(30_532_110_336L, QWEN3_30B_A3B.params());
        assertEquals(3_353_020_416L, QWEN3_30B_A3B.activeParams());
        // shared/reference/models.csv: 30.5B and 3.35B (the model card rounds the active count to 3.3B)
        assertWithinOnePercent(30.5e9, QWEN3_30B_A3B.params());
        assertWithinOnePercent(3.35e9, QWEN3_30B_A3B.activeParams());
        assertEquals(0, QWEN3_30B_A3B.ffn(), "no dense layer: the config's intermediate_size is unused");
    }

    @Test
    void shouldCountDeepSeekV3WithLatentAttentionByHand() {
        // MLA per layer: q_a 7168 * 1536 = 11,010,048; q norm 1,536; q_b 1536 * 128 * (128 + 64) = 37,748,736;
        // kv_a 7168 * (512 + 64) = 4,128,768; kv norm 512; kv_b 512 * 128 * (128 + 128) = 16,777,216;
        // o 128 * 128 * 7168 = 117,440,512 -> 187,107,328; + norms 14,336 = 187,121,664; * 61 = 11,414,421,504.
        // dense MLP 3 * 7168 * 18432 = 396,361,728; * 3 = 1,189,085,184.
        // MoE: router 7168 * 256 = 1,835,008; expert 3 * 7168 * 2048 = 44,040,192;
        //   total (256 + 1) * 44,040,192 + 1,835,008 = 11,320,164,352; * 58 = 656,569,532,416.
        //   active (8 + 1) * 44,040,192 + 1,835,008 = 398,196,736; * 58 = 23,095,410,688.
        // embeddings and head 2 * 129280 * 7168 = 1,853,358,080; final norm 7,168.
        // total 671,026,404,352; active 37,552,282,624.
        assertEquals(671_026_404_352L, DEEPSEEK_V3.params());
        assertEquals(37_552_282_624L, DEEPSEEK_V3.activeParams());
        assertWithinOnePercent(671e9, DEEPSEEK_V3.params()); // DeepSeek-V3 README: 671B
        // README: 37B activated, README_WEIGHTS.md: 36.7B; the standard count (every non-expert weight, 8 routed
        // and the shared expert) is 1.5% above 37B: the published figure is rounded down, not within 1%.
        double error = Math.abs(DEEPSEEK_V3.activeParams() - 37e9) / 37e9;
        assertTrue(error < 0.015, "active " + DEEPSEEK_V3.activeParams() + " is " + error + " from 37B");
    }

    @Test
    void shouldGiveKvBytesPerTokenForGroupedQueryAndLatentAttention() {
        // GQA, Qwen3-8B: 2 (K, V) * 36 layers * 8 KV heads * 128 * 2 bytes = 147,456
        assertEquals(147_456L, QWEN3_8B.kvBytesPerTokenBf16());
        // MHA, Llama-2-7B: 2 * 32 * 32 * 128 * 2 = 524,288
        assertEquals(524_288L, LLAMA_2_7B.kvBytesPerTokenBf16());
        // MLA, DeepSeek-V3: 61 layers * (512 + 64) * 2 bytes = 70,272
        assertEquals(70_272L, DEEPSEEK_V3.kvBytesPerTokenBf16());
        assertEquals(1, DEEPSEEK_V3.kvHeads());
        assertEquals(128, DEEPSEEK_V3.headDim());
    }

    @Test
    void shouldGiveTheForwardFlopsOfTheActiveParameters() {
        assertEquals(2.0 * 12_879_925_248L, MIXTRAL.denseForwardFlopsPerToken());
        ModelArch arch = ModelArch.of("mixtral", MIXTRAL);
        assertEquals(12.9e9, arch.activeParams(), 1.0);
        assertEquals(46.7e9, arch.params(), 1.0);
        assertEquals(14336, arch.ffn(), "MoE records carry the expert size as ffn");
    }

    @Test
    void shouldCountTiedEmbeddingsOnce() {
        Architecture untied = Architecture.dense(2, 64, 4, 2, 16, 128, 1000, false);
        Architecture tied = Architecture.dense(2, 64, 4, 2, 16, 128, 1000, true);
        assertEquals(1000L * 64, untied.params() - tied.params());
    }

    @Test
    void shouldRoundToThreeSignificantDigits() {
        assertEquals(7.62, ModelArch.billions(7_615_487_488L));
        assertEquals(671.0, ModelArch.billions(671_026_404_352L));
        assertEquals(0.596, ModelArch.billions(596_042_752L));
    }

    @Test
    void shouldNameEveryBrokenField() {
        Architecture.InvalidArchitectureException e = assertThrows(Architecture.InvalidArchitectureException.class,
                () -> new Architecture(-1, 64, 4, 3, 16, 128, 1000, false, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0));
        Map<String, String> p = e.problems();
        assertEquals("must be a positive integer, got -1", p.get("layers"));
        assertTrue(p.get("kv_heads").contains("must divide heads (4)"), p.toString());
        assertTrue(p.get("experts_per_token").contains("mixture-of-experts models only"), p.toString());
        assertFalse(p.containsKey("hidden"));
    }

    @Test
    void shouldRefuseMoreExpertsPerTokenThanExperts() {
        Architecture.InvalidArchitectureException e = assertThrows(Architecture.InvalidArchitectureException.class,
                () -> new Architecture(4, 64, 4, 2, 16, 0, 1000, false, 8, 9, 0, 32, 0, 0, 0, 0, 0, 0));
        assertEquals("must be between 1 and experts (8), got 9", e.problems().get("experts_per_token"));
    }

    private static void assertWithinOnePercent(double published, long derived) {
        double error = Math.abs(derived - published) / published;
        assertTrue(error <= 0.01, "derived " + derived + " is " + (100 * error) + "% from the published " + published);
    }
}
