package io.asyncrl.hw.validation;

import io.asyncrl.hw.CsvResource;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.EngineConfig;
import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.InferenceEngine;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.hw.Precision;
import io.asyncrl.hw.RooflineInstanceTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One answer decoded alone, the regime of a synchronous batch's last answers: the rows of batch-one-decode.csv, the Qwen
 * team's speed benchmarks (SGLang 0.4.6.post1, of the release line AReaL's paper-era runs used, on one H20; vLLM 0.6.3
 * on A100s). A row is the prefill of its prompt, then the decode of its remaining tokens at batch 1 with the cache
 * growing from the prompt, with the row's engine, CUDA graphs or eager, and memory share; its speed counts the tokens
 * its source counts over that time. validate hardware reports these rows beside its summary and never fits them: they
 * were found after the split rule and the fits were fixed.
 */
public final class BatchOneDecode {
    static final String RESOURCE = "/io/asyncrl/hw/validation/batch-one-decode.csv";

    /**
     * One published measurement: {@code countsPrompt} when its speed counts the prompt's tokens with the generated ones
     * (the Qwen3 benchmark) rather than the generated ones only (the Qwen2.5 one).
     */
    public record Case(int index, String model, String device, int tp, int inputTokens, int outputTokens,
            double measuredTokensPerSecond, boolean countsPrompt, boolean eager, double memoryFraction, String engine,
            String source) {

        public String id() {
            return "B" + index;
        }

        public String description() {
            return String.format(Locale.ROOT, "%s %s tp=%d bf16 %d/%d batch 1 %s%s", model, device, tp, inputTokens,
                    outputTokens, InferenceEngine.ofMeasurement(engine).key(), eager ? " eager" : "");
        }
    }

    private BatchOneDecode() {}

    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int index = 1;
        for (Map<String, String> r : CsvResource.read(RESOURCE).rows()) {
            cases.add(new Case(index++, r.get("model"), r.get("device"), Integer.parseInt(r.get("tp")),
                    Integer.parseInt(r.get("input_tokens")), Integer.parseInt(r.get("output_tokens")),
                    Double.parseDouble(r.get("tokens_per_s")), counts(r.get("counts")), Boolean.parseBoolean(r.get("eager")),
                    Double.parseDouble(r.get("memory_fraction")), r.get("engine"), r.get("source")));
        }
        return cases;
    }

    private static boolean counts(String text) {
        return switch (text) {
            case "prompt+generated" -> true;
            case "generated" -> false;
            default -> throw new IllegalStateException("batch-one-decode.csv: counts must be prompt+generated or "
                    + "generated, got " + text);
        };
    }

    /**
     * Predicted tokens per second, counted as the row's source counts them: the row's own engine profile, CUDA graphs or
     * eager, its memory share; the prefill yields the first generated token, the other {@code outputTokens - 1} decode
     * one by one.
     */
    public static double predictTokensPerSecond(Case c, OptionValues options) {
        RooflineInstanceTiming t = new RooflineInstanceTiming(DeviceCatalog.require(c.device()),
                ModelCatalog.require(c.model()), c.tp(), Precision.BF16,
                options.with(HardwareModelOptions.INFERENCE_ENGINE, InferenceEngine.ofMeasurement(c.engine())),
                new EngineConfig(c.memoryFraction(), c.eager()));
        double seconds = t.prefillBatchSeconds(1, c.inputTokens(), 0)
                + t.decodeSpanSeconds(1, c.inputTokens(), c.outputTokens() - 1L);
        return ((c.countsPrompt() ? c.inputTokens() : 0) + c.outputTokens()) / seconds;
    }
}
