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
    void shouldReadTheSourcesTwentyFourRowsAsTheyArePublished() {
        List<BatchOneDecode.Case> cases = BatchOneDecode.cases();
        assertEquals(24, cases.size());
        BatchOneDecode.Case first = cases.get(0);
        // Qwen3-0.6B (SGLang), input 1, BF16: 414.17 tokens/s
        assertEquals("B1", first.id());
        assertEquals("qwen3-0.6b", first.model());
        assertEquals("h20", first.device());
        assertEquals(1, first.inputTokens());
        assertEquals(2048, first.outputTokens());
        assertEquals(414.17, first.measuredTokensPerSecond(), 1e-9);
        BatchOneDecode.Case last = cases.get(23);
        // Qwen3-32B (SGLang), input 30720, BF16: 240.75 tokens/s
        assertEquals("qwen3-32b", last.model());
        assertEquals(30720, last.inputTokens());
        assertEquals(240.75, last.measuredTokensPerSecond(), 1e-9);
        for (BatchOneDecode.Case c : cases) {
            assertEquals(InferenceEngine.SGLANG, InferenceEngine.ofMeasurement(c.engine()), c.id());
            assertTrue(c.source().contains("speed_benchmark.md"), c.id());
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
    void shouldReportTheRowsBesideTheSummaryWithoutCountingThem() {
        String report = HardwareValidation.report();
        assertTrue(report.contains("| batch-1 decode (reported) | 24 |"), report);
        // the summary's rows are the throughput and training rows only
        String summary = report.substring(0, report.indexOf("### Batch-1 decode"));
        assertFalse(summary.substring(summary.indexOf("| rows | n |")).contains("B1 "), summary);
        List<ValidationRow> rows = HardwareValidation.batchOneRows(OptionValues.defaults());
        assertEquals(24, rows.size());
        assertTrue(rows.stream().noneMatch(ValidationRow::calibration));
        String median = String.format(java.util.Locale.ROOT, "| batch-1 decode (reported) | 24 | %.1f%% |",
                100 * HardwareValidation.medianAbsoluteError(rows, r -> true));
        assertTrue(report.contains(median), median);
    }
}
