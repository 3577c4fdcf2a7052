package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RooflineInstanceTimingTest {
    /** Round efficiencies so the hand computations below do not move when the defaults are recalibrated. */
    private static final OptionValues PINNED = OptionValues.defaults()
            .with(HBM_BANDWIDTH_EFFICIENCY, 0.5)
            .with(DECODE_COMPUTE_EFFICIENCY, 0.5)
            .with(PREFILL_COMPUTE_EFFICIENCY, 0.5)
            .with(DECODE_STEP_OVERHEAD_MS, 1.0)
            .with(DECODE_OVERHEAD_US_PER_LAYER, 0.0)
            .with(DECODE_OVERHEAD_US_PER_SEQ, 0.0)
            .with(MEMORY_RESERVE_FRACTION, 0.1)
            .with(INTRA_NODE_LINK_EFFICIENCY, 0.5)
            .with(COLLECTIVE_LATENCY_US, 10.0);
    private static final Device H100 = DeviceCatalog.require("h100-sxm");
    private static final ModelArch QWEN_7B = ModelCatalog.require("qwen2.5-7b");

    private static RooflineInstanceTiming qwen7bOnH100(int tp) {
        return new RooflineInstanceTiming(H100, QWEN_7B, tp, Precision.BF16, PINNED);
    }

    @Test
    void shouldGiveKvCapacityOfMemoryMinusWeightsAndReserve() {
        // (80 GiB * 0.9 - 15.24e9 B) / 57,344 B per token
        double usable = 80 * 0.9 * 1024 * 1024 * 1024 - 15.24e9;
        assertEquals((long) (usable / 57_344), qwen7bOnH100(1).kvCapacityTokens());
        // tp=2 halves the weight shard and the per-token KV on each device
        double usable2 = 80 * 0.9 * 1024 * 1024 * 1024 - 7.62e9;
        assertEquals((long) (usable2 / 28_672), qwen7bOnH100(2).kvCapacityTokens());
    }

    @Test
    void shouldLimitConcurrentSequencesByKvCapacityAndTheSequenceCap() {
        RooflineInstanceTiming t = qwen7bOnH100(1);
        assertEquals(256, t.maxConcurrentSequences(1024), "capped by inference.max-num-seqs");
        assertEquals(t.kvCapacityTokens() / 32_768, t.maxConcurrentSequences(32_768));
        assertThrows(IllegalArgumentException.class, () -> t.maxConcurrentSequences(0));
    }

    @Test
    void shouldReportNoKvCapacityWhenWeightsDoNotFit() {
        RooflineInstanceTiming t = new RooflineInstanceTiming(H100, ModelCatalog.require("llama-3.1-70b"), 1,
                Precision.BF16, PINNED);
        assertEquals(0, t.kvCapacityTokens());
    }

    @Test
    void shouldBeMemoryBoundForASingleSequence() {
        // weights 15.24e9 B + 1000 tokens * 57,344 B read at 3,350 GB/s * 0.5, plus 1 ms overhead
        double expected = (15.24e9 + 1000 * 57_344.0) / 1.675e12 + 0.001;
        assertEquals(expected, qwen7bOnH100(1).decodeStepSeconds(1, 1000), 1e-15);
    }

    @Test
    void shouldBeComputeBoundForALargeBatchWithShortContexts() {
        // 1024 sequences: 2 * 7.62e9 * 1024 FLOPs + 401,408 FLOPs per cached token, at 989 TFLOP/s * 0.5
        long kv = 1024 * 100;
        double compute = (2 * 7.62e9 * 1024 + 401_408.0 * kv) / 494.5e12;
        double memory = (15.24e9 + kv * 57_344.0) / 1.675e12;
        assertTrue(compute > memory);
        assertEquals(compute + 0.001, qwen7bOnH100(1).decodeStepSeconds(1024, kv), 1e-15);
    }

    @Test
    void shouldAddTwoAllReducesPerLayerAtTpAboveOne() {
        RooflineInstanceTiming t2 = qwen7bOnH100(2);
        // per all-reduce: 10 us + 2 * (2-1)/2 * 64 tokens * 3584 * 2 bytes / (900 GB/s * 0.5)
        double perAllReduce = 10e-6 + 64 * 3584 * 2.0 / 450e9;
        double memory = (7.62e9 + 640 * 28_672.0) / 1.675e12;
        assertEquals(memory + 0.001 + 56 * perAllReduce, t2.decodeStepSeconds(64, 640), 1e-15);
    }

    @Test
    void shouldPrefillAtComputeSpeedIncludingTheCausalAttentionTerm() {
        // 2048 new tokens over 1000 cached: pairs = 2048 * 1000 + 2048 * 2049 / 2
        double pairs = 2048 * 1000.0 + 2048 * 2049 / 2.0;
        double flops = 2 * 7.62e9 * 2048 + 401_408.0 * pairs;
        assertEquals(flops / 494.5e12, qwen7bOnH100(1).prefillSeconds(2048, 1000), 1e-15);
    }

    @Test
    void shouldPrefillSeveralSequencesWithAttentionPerSequenceNotOverTheirConcatenation() {
        RooflineInstanceTiming t = qwen7bOnH100(1);
        // One sequence: the pass equals prefillSeconds from nothing cached.
        assertEquals(t.prefillSeconds(8000, 0), t.prefillPassSeconds(8000, InstanceTiming.causalPairs(8000)), 1e-15);
        // 250 sequences of 8,000 tokens (a KV recompute after a weight update): 250 triangles of 8,000.
        double pairs = 250 * (8000 * 8001 / 2.0);
        double flops = 2 * 7.62e9 * 2_000_000 + 401_408.0 * pairs;
        assertEquals(flops / 494.5e12, t.prefillPassSeconds(2_000_000, pairs), 1e-12);
        // The concatenation (one 2,000,000-token sequence) would cost over 20x more.
        assertTrue(t.prefillSeconds(2_000_000, 0) > 20 * t.prefillPassSeconds(2_000_000, pairs));
    }

    @Test
    void shouldGiveTheKvCacheWhatTheEnginesMemoryFractionLeavesAfterTheWeights() {
        Device h100 = DeviceCatalog.require("h100-sxm");
        ModelArch qwen7b = ModelCatalog.require("qwen2.5-7b");
        double kvPerToken = ModelFootprint.kvBytesPerTokenPerDevice(qwen7b, Precision.BF16, 1);
        double weights = ModelFootprint.weightBytes(qwen7b, Precision.BF16);
        var half = new RooflineInstanceTiming(h100, qwen7b, 1, Precision.BF16, PINNED, new EngineConfig(0.5, false));
        assertEquals((long) ((h100.hbmBytes() * 0.5 - weights) / kvPerToken), half.kvCapacityTokens());
        // the 3-argument form is the disaggregated default: 1 - inference.memory-reserve-fraction
        assertEquals((long) ((h100.hbmBytes() * 0.9 - weights) / kvPerToken), qwen7bOnH100(1).kvCapacityTokens());
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(0, false));
    }

    @Test
    void shouldRunAColocatedEngineOnHalfTheMemoryAndEagerlyUnlessTheSpecSaysOtherwise() {
        HardwareModel hw = HardwareModels.defaultModel();
        assertEquals(new EngineConfig(0.5, true), hw.rolloutEngine(true, 0.0, null), "verl's defaults");
        assertEquals(new EngineConfig(0.9, false), hw.rolloutEngine(false, 0.0, null), "a dedicated engine");
        assertEquals(new EngineConfig(0.7, false), hw.rolloutEngine(true, 0.7, false), "the spec's settings win");
        assertEquals(new EngineConfig(0.9, true), hw.rolloutEngine(false, 0.0, true));
    }

    @Test
    void shouldPayALaunchCostPerLayerOnEveryDecodeStepWhenEager() {
        Device h100 = DeviceCatalog.require("h100-sxm");
        ModelArch qwen7b = ModelCatalog.require("qwen2.5-7b");
        var graphs = new RooflineInstanceTiming(h100, qwen7b, 1, Precision.BF16, PINNED, new EngineConfig(0.9, false));
        var eager = new RooflineInstanceTiming(h100, qwen7b, 1, Precision.BF16, PINNED, new EngineConfig(0.9, true));
        double perStep = qwen7b.layers() * PINNED.get(EAGER_OVERHEAD_US_PER_LAYER) / 1e6;
        assertEquals(graphs.decodeStepSeconds(4, 4000) + perStep, eager.decodeStepSeconds(4, 4000), 1e-12);
        assertEquals(graphs.decodeSpanSeconds(4, 4000, 100) + 100 * perStep, eager.decodeSpanSeconds(4, 4000, 100), 1e-9);
    }

    @Test
    void shouldNeverPrefillFasterThanOneReadOfTheWeights() {
        assertEquals(15.24e9 / 1.675e12, qwen7bOnH100(1).prefillSeconds(1, 0), 1e-15);
    }

    @Test
    void shouldMatchTheExplicitLoopOfDecodeStepsInClosedForm() {
        Random random = new Random(3);
        String[] models = {"qwen2.5-1.5b", "qwen2.5-7b", "llama-3.1-70b", "qwen3-30b-a3b", "deepseek-v3"};
        int checked = 0;
        for (int i = 0; i < 400; i++) {
            ModelArch model = ModelCatalog.require(models[i % models.length]);
            Device device = DeviceCatalog.require(DeviceCatalog.names().get(i % DeviceCatalog.names().size()));
            int tp = 1 << random.nextInt(4);
            RooflineInstanceTiming t = new RooflineInstanceTiming(device, model, tp, Precision.BF16, PINNED);
            int batch = 1 + random.nextInt(2048);
            long kv0 = random.nextInt(4) == 0 ? 0 : (long) random.nextInt(2_000_000);
            long steps = random.nextInt(3000);
            double loop = 0;
            for (long s = 0; s < steps; s++) {
                loop += t.decodeStepSeconds(batch, kv0 + s * batch);
            }
            double closed = t.decodeSpanSeconds(batch, kv0, steps);
            assertEquals(loop, closed, 1e-9 * StrictMath.max(1.0, loop),
                    model.name() + " " + device.name() + " tp=" + tp + " b=" + batch + " kv0=" + kv0 + " steps=" + steps);
            checked++;
        }
        assertEquals(400, checked);
    }

    @Test
    void shouldMatchTheLoopWhenTheSpanCrossesFromComputeToMemoryBound() {
        RooflineInstanceTiming t = qwen7bOnH100(1);
        int batch = 512;
        // compute-bound at kv=0, memory-bound once the KV read outgrows the compute time
        assertTrue(t.decodeStepSeconds(batch, 0) > (15.24e9) / 1.675e12 + 0.001);
        double loop = 0;
        for (long s = 0; s < 5000; s++) {
            loop += t.decodeStepSeconds(batch, s * batch);
        }
        double lastMemory = (15.24e9 + 4999.0 * batch * 57_344) / 1.675e12 + 0.001;
        assertEquals(lastMemory, t.decodeStepSeconds(batch, 4999L * batch), 1e-12, "ends memory-bound");
        assertEquals(loop, t.decodeSpanSeconds(batch, 0, 5000), 1e-9 * loop);
    }

    @Test
    void shouldGiveZeroForEmptyBatchesOrSpans() {
        RooflineInstanceTiming t = qwen7bOnH100(1);
        assertEquals(0.0, t.decodeSpanSeconds(8, 100, 0));
        assertEquals(0.0, t.decodeSpanSeconds(0, 100, 10));
        assertEquals(0.0, t.decodeStepSeconds(0, 100));
        assertEquals(0.0, t.prefillSeconds(0, 100));
    }

    @Test
    void shouldNeverDecodeFasterWithMoreSequencesOrMoreCachedTokens() {
        for (String name : new String[] {"qwen2.5-7b", "llama-3.1-70b", "qwen3-30b-a3b"}) {
            for (int tp : new int[] {1, 2, 8}) {
                RooflineInstanceTiming t = new RooflineInstanceTiming(H100, ModelCatalog.require(name), tp,
                        Precision.BF16, OptionValues.defaults());
                for (long kv = 0; kv <= 4_000_000; kv += 250_000) {
                    double previous = 0;
                    for (int batch = 0; batch <= 2048; batch += 16) {
                        double step = t.decodeStepSeconds(batch, kv);
                        assertTrue(step >= previous, name + " batch " + batch);
                        assertTrue(t.decodeStepSeconds(batch, kv + 1000) >= step, name + " kv " + kv);
                        previous = step;
                    }
                }
            }
        }
    }

    @Test
    void shouldNeverPrefillFasterWithMoreNewOrMoreCachedTokens() {
        RooflineInstanceTiming t = qwen7bOnH100(2);
        for (long context = 0; context <= 64_000; context += 4000) {
            double previous = 0;
            for (long n = 0; n <= 32_000; n += 500) {
                double p = t.prefillSeconds(n, context);
                assertTrue(p >= previous);
                assertTrue(t.prefillSeconds(n, context + 4000) >= p);
                previous = p;
            }
        }
    }

    @Test
    void shouldNeverPredictAFasterRolloutForLongerAnswers() {
        RooflineInstanceTiming t = HardwareModels.defaultModel().inference(H100, QWEN_7B, 1) instanceof RooflineInstanceTiming r
                ? r : fail("default model returns a RooflineInstanceTiming");
        for (int batch : new int[] {1, 32, 256}) {
            double previous = 0;
            for (long steps = 0; steps <= 30_000; steps += 1000) {
                double span = t.decodeSpanSeconds(batch, batch * 1024L, steps);
                assertTrue(span >= previous, "batch " + batch + " steps " + steps);
                previous = span;
            }
        }
    }

    @Test
    void shouldRunFp8AtTwiceTheComputeAndHalfTheBytes() {
        RooflineInstanceTiming fp8 = new RooflineInstanceTiming(H100, QWEN_7B, 1, Precision.FP8, PINNED);
        double memory = 7.62e9 / 1.675e12 + 0.001;
        assertEquals(memory, fp8.decodeStepSeconds(1, 0), 1e-15);
        long kv = 1024 * 100;
        double compute = (2 * 7.62e9 * 1024 + 401_408.0 * kv) / (2 * 494.5e12);
        assertEquals(compute + 0.001, fp8.decodeStepSeconds(1024, kv), 1e-15);
    }

    @Test
    void shouldChargeTheSmallBatchTailItsPerStepOverheadOnEveryToken() {
        OptionValues o = PINNED.with(DECODE_OVERHEAD_US_PER_LAYER, 30.0).with(DECODE_OVERHEAD_US_PER_SEQ, 20.0);
        RooflineInstanceTiming t = new RooflineInstanceTiming(H100, QWEN_7B, 1, Precision.BF16, o);
        // Qwen2.5-7B has 28 layers. Overhead per step: 1 ms + 28 * 30 us + batch * 20 us.
        double weights = 15.24e9 / 1.675e12;                    // 9.0985 ms, memory-bound at both batches
        double one = weights + 0.001 + 28 * 30e-6 + 1 * 20e-6;  // 10.959 ms for 1 token
        assertEquals(one, t.decodeStepSeconds(1, 0), 1e-15);
        // batch 256: compute 2 * 7.62e9 * 256 / (989e12 * 0.5) = 7.89 ms < 9.10 ms of weights, still memory-bound
        double big = weights + 0.001 + 28 * 30e-6 + 256 * 20e-6; // 16.06 ms for 256 tokens
        assertEquals(big, t.decodeStepSeconds(256, 0), 1e-15);
        // per generated token the batch-1 tail pays 10.9 ms, the full batch 0.063 ms: 175x
        assertTrue(t.decodeStepSeconds(1, 0) / 1 > 170 * t.decodeStepSeconds(256, 0) / 256);
    }

    @Test
    void shouldKeepTheSpanShortcutEqualToTheStepSumWithPerSequenceOverhead() {
        OptionValues o = PINNED.with(DECODE_OVERHEAD_US_PER_LAYER, 30.0).with(DECODE_OVERHEAD_US_PER_SEQ, 20.0);
        RooflineInstanceTiming t = new RooflineInstanceTiming(H100, QWEN_7B, 2, Precision.BF16, o);
        for (int batch : new int[] {1, 3, 64, 700}) {
            long k0 = 1000L * batch;
            double sum = 0;
            for (int i = 0; i < 500; i++) {
                sum += t.decodeStepSeconds(batch, k0 + (long) i * batch);
            }
            assertEquals(sum, t.decodeSpanSeconds(batch, k0, 500), 1e-9 * sum);
        }
    }

    @Test
    void shouldRefuseNonPositiveTp() {
        assertThrows(IllegalArgumentException.class, () -> qwen7bOnH100(0));
    }
}
