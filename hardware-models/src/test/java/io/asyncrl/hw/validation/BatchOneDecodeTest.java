package io.asyncrl.hw.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.EngineConfig;
import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.InferenceEngine;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.hw.Precision;
import io.asyncrl.hw.RooflineInstanceTiming;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchOneDecodeTest {

    @Test
    void shouldReadTheSourcesRowsAsTheyArePublished() {
        List<BatchOneDecode.Case> cases = BatchOneDecode.cases();
        assertEquals(45, cases.size());
        BatchOneDecode.Case first = cases.get(0);
        // Qwen3-0.6B (SGLang), input 1, BF16: 414.17 tokens/s
        assertEquals("B1", first.id());
        assertEquals("qwen3-0.6b", first.model());
        assertEquals("h20", first.device());
        assertEquals(1, first.inputTokens());
        assertEquals(2048, first.outputTokens());
        assertEquals(414.17, first.measuredTokensPerSecond(), 1e-9);
        assertTrue(first.countsPrompt());
        assertFalse(first.eager());
        assertEquals(0.85, first.memoryFraction());
        BatchOneDecode.Case h20Last = cases.get(23);
        // Qwen3-32B (SGLang), input 30720, BF16: 240.75 tokens/s
        assertEquals("qwen3-32b", h20Last.model());
        assertEquals(30720, h20Last.inputTokens());
        assertEquals(240.75, h20Last.measuredTokensPerSecond(), 1e-9);
        // Qwen2.5-32B-Instruct (vLLM), input 1, BF16, 1 GPU, setting1 (gpu_memory_utilization 1.0, enforce_eager): 22.13
        BatchOneDecode.Case eager = cases.get(36);
        assertEquals("B37", eager.id());
        assertEquals("qwen2.5-32b", eager.model());
        assertEquals(22.13, eager.measuredTokensPerSecond(), 1e-9);
        assertTrue(eager.eager());
        assertEquals(1.0, eager.memoryFraction());
        assertFalse(eager.countsPrompt());
        // Qwen2.5-72B-Instruct (vLLM), input 30720, 4 GPUs, default setting: 27.53
        BatchOneDecode.Case last = cases.get(44);
        assertEquals(4, last.tp());
        assertEquals(27.53, last.measuredTokensPerSecond(), 1e-9);
        for (BatchOneDecode.Case c : cases) {
            boolean h20 = c.device().equals("h20");
            assertEquals(h20 ? InferenceEngine.SGLANG : InferenceEngine.VLLM, InferenceEngine.ofMeasurement(c.engine()), c.id());
            assertEquals(h20, c.countsPrompt(), c.id());
            assertTrue(c.source().contains("speed_benchmark."), c.id());
            assertTrue(ModelCatalog.find(c.model()).isPresent(), c.model());
        }
    }

    @Test
    void shouldTimeThePromptsPrefillThenTheRestOneTokenAtATime() {
        BatchOneDecode.Case c = BatchOneDecode.cases().get(13); // qwen3-8b, 6144 in, 2048 out
        OptionValues o = OptionValues.defaults();
        RooflineInstanceTiming t = new RooflineInstanceTiming(DeviceCatalog.require("h20"), ModelCatalog.require("qwen3-8b"),
                1, Precision.BF16, o.with(HardwareModelOptions.INFERENCE_ENGINE, InferenceEngine.SGLANG),
                new EngineConfig(0.85, false));
        double seconds = t.prefillBatchSeconds(1, 6144, 0);
        for (int i = 0; i < 2047; i++) {
            seconds += t.decodeStepSeconds(1, 6144 + i);
        }
        assertEquals((6144 + 2048) / seconds, BatchOneDecode.predictTokensPerSecond(c, o), 1e-6 * (6144 + 2048) / seconds);
    }

    @Test
    void shouldCountOnlyTheGeneratedTokensWhereTheSourceDoesAndRunEagerWhereItDid() {
        BatchOneDecode.Case c = BatchOneDecode.cases().get(37); // qwen2.5-32b, 6144 in, 2048 out, eager, memory 1.0
        OptionValues o = OptionValues.defaults();
        RooflineInstanceTiming t = new RooflineInstanceTiming(DeviceCatalog.require("a100-80g-sxm"),
                ModelCatalog.require("qwen2.5-32b"), 1, Precision.BF16,
                o.with(HardwareModelOptions.INFERENCE_ENGINE, InferenceEngine.VLLM), new EngineConfig(1.0, true));
        double seconds = t.prefillBatchSeconds(1, 6144, 0) + t.decodeSpanSeconds(1, 6144, 2047);
        assertEquals(2048 / seconds, BatchOneDecode.predictTokensPerSecond(c, o), 1e-9 * 2048 / seconds);
        // eager decoding pays a launch cost per layer on every step: slower than the same row with CUDA graphs
        RooflineInstanceTiming graphs = new RooflineInstanceTiming(DeviceCatalog.require("a100-80g-sxm"),
                ModelCatalog.require("qwen2.5-32b"), 1, Precision.BF16,
                o.with(HardwareModelOptions.INFERENCE_ENGINE, InferenceEngine.VLLM), new EngineConfig(1.0, false));
        assertTrue(graphs.decodeSpanSeconds(1, 6144, 2047) < t.decodeSpanSeconds(1, 6144, 2047));
    }

    @Test
    void shouldReportTheRowsBesideTheSummaryWithoutCountingThem() {
        String report = HardwareValidation.report();
        assertTrue(report.contains("| batch-1 decode (reported) | 45 |"), report);
        assertTrue(report.contains("| batch-1 SGLang 0.4.6, H20 | 24 |"), report);
        assertTrue(report.contains("| batch-1 vLLM 0.6.3, A100 | 21 |"), report);
        // the summary's rows are the throughput and training rows only
        String summary = report.substring(0, report.indexOf("### Batch-1 decode"));
        assertFalse(summary.substring(summary.indexOf("| rows | n |")).contains("B1 "), summary);
        List<ValidationRow> rows = HardwareValidation.batchOneRows(OptionValues.defaults());
        assertEquals(45, rows.size());
        assertTrue(rows.stream().noneMatch(ValidationRow::calibration));
        String median = String.format(java.util.Locale.ROOT, "| batch-1 decode (reported) | 45 | %.1f%% |",
                100 * HardwareValidation.medianAbsoluteError(rows, r -> true));
        assertTrue(report.contains(median), median);
    }
}
