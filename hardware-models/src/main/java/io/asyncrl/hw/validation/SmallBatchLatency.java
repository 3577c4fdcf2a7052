package io.asyncrl.hw.validation;

import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.hw.Precision;
import io.asyncrl.hw.RooflineInstanceTiming;
import java.util.List;

/**
 * End-to-end latency of a small batch, the regime of a synchronous batch's long tail: vLLM's own nightly latency
 * benchmark (buildkite.com/vllm/performance-benchmark/builds/9515, "Latency tests": batch 8, 32 input and 128
 * output tokens, BF16, H200, CUDA graphs). The inference calibration fits the per-step overheads on these rows
 * together with the large-batch throughput rows (see {@link Calibration}).
 */
public final class SmallBatchLatency {
    private SmallBatchLatency() {}

    /** One measured latency: batch {@code batch}, {@code input} prompt and {@code output} generated tokens. */
    public record Case(String id, String model, String device, int tp, int batch, int input, int output,
            double measuredSeconds) {}

    public static List<Case> cases() {
        return List.of(
                new Case("L1", "llama-3.1-8b", "h200-sxm", 1, 8, 32, 128, 0.833421),
                new Case("L2", "llama-3.1-70b", "h200-sxm", 4, 8, 32, 128, 2.07753));
    }

    /** Prefill of the batch, then the decode span of its remaining output tokens. */
    public static double predictSeconds(Case c, OptionValues options) {
        RooflineInstanceTiming t = new RooflineInstanceTiming(DeviceCatalog.require(c.device()),
                ModelCatalog.require(c.model()), c.tp(), Precision.BF16, options);
        return t.prefillBatchSeconds(c.batch(), c.input(), 0)
                + t.decodeSpanSeconds(c.batch(), (long) c.batch() * c.input(), c.output() - 1L);
    }
}
