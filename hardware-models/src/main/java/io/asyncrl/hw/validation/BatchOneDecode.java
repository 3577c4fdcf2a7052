package io.asyncrl.hw.validation;

import io.asyncrl.hw.CsvResource;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.EngineConfig;
import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.InferenceEngine;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.hw.RooflineInstanceTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One answer decoded alone, the regime of a synchronous batch's last answers: the rows of batch-one-decode.csv (SGLang
 * 0.4.6.post1, of the release line AReaL's paper-era runs used, on one H20; the Qwen team's speed benchmark). A row is
 * the prefill of its prompt, then the decode of its remaining tokens at batch 1 with the cache growing from the prompt;
 * its speed counts prompt and generated tokens over that time, as the source does. validate hardware reports these rows
 * beside its summary and never fits them: they were found after the split rule and the fits were fixed.
 */
public final class BatchOneDecode {
    static final String RESOURCE = "/io/asyncrl/hw/validation/batch-one-decode.csv";

    /** SGLang's default share of device memory in the source's runs ({@code mem_fraction_static}). */
    static final double MEMORY_FRACTION = 0.85;

    /** One published measurement. */
    public record Case(int index, String model, String device, int tp, int inputTokens, int outputTokens,
            double measuredTokensPerSecond, String engine, String source) {

        public String id() {
            return "B" + index;
        }

        public String description() {
            return String.format(Locale.ROOT, "%s %s tp=%d bf16 %d/%d batch 1 %s", model, device, tp, inputTokens,
                    outputTokens, InferenceEngine.ofMeasurement(engine).key());
        }
    }

    private BatchOneDecode() {}

    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int index = 1;
        for (Map<String, String> r : CsvResource.read(RESOURCE).rows()) {
            cases.add(new Case(index++, r.get("model"), r.get("device"), Integer.parseInt(r.get("tp")),
                    Integer.parseInt(r.get("input_tokens")), Integer.parseInt(r.get("output_tokens")),
                    Double.parseDouble(r.get("tokens_per_s")), r.get("engine"), r.get("source")));
        }
        return cases;
    }

    /**
     * Predicted (prompt + generated) tokens per second: the row's own engine profile, CUDA graphs, its memory share; the
     * prefill yields the first generated token, the other {@code outputTokens - 1} decode one by one.
     */
    public static double predictTokensPerSecond(Case c, OptionValues options) {
        RooflineInstanceTiming t = new RooflineInstanceTiming(DeviceCatalog.require(c.device()),
                ModelCatalog.require(c.model()), c.tp(), InferenceBenchmark.precision("bf16"),
                options.with(HardwareModelOptions.INFERENCE_ENGINE, InferenceEngine.ofMeasurement(c.engine())),
                new EngineConfig(MEMORY_FRACTION, false));
        double seconds = t.prefillBatchSeconds(1, c.inputTokens(), 0)
                + t.decodeSpanSeconds(1, c.inputTokens(), c.outputTokens() - 1L);
        return (c.inputTokens() + c.outputTokens()) / seconds;
    }
}
