package io.asyncrl.hw.validation;

import io.asyncrl.hw.CsvResource;
import io.asyncrl.hw.DeviceCatalog;
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
 * The rows of inference-throughput.csv ("max-load offline throughput") and their prediction.
 *
 * <p>A saturated instance runs a continuous batch of B sequences, B = min(engine sequence cap,
 * KV capacity / (input + output)) since TensorRT-LLM's default GUARANTEED_NO_EVICT scheduler reserves a
 * sequence's full length. One cycle prefills B prompts together, then decodes (output - 1) steps with the
 * KV cache growing from B * input by B per step; throughput = B * output / cycle time. Prefill is not
 * overlapped with decode: this is what a simulator built on {@code prefillSeconds} and
 * {@code decodeSpanSeconds} does, so it is what gets validated. (A variant that hides prefill chunks in
 * memory-bound decode steps fit the calibration rows worse, loss 0.028 against 0.027 with prefill
 * efficiency pinned, and needed efficiencies at the edge of the plausible range.)
 */
public final class InferenceBenchmark {
    static final String RESOURCE = "/io/asyncrl/hw/validation/inference-throughput.csv";

    /**
     * Sequence cap per engine. TensorRT-LLM's LLM API builds with max_batch_size 2048; SGLang sizes its
     * running batch from the KV pool (no small fixed cap), so it gets the same 2048; vLLM's default
     * max_num_seqs is 256.
     */
    static final int TRT_LLM_MAX_SEQS = 2048;
    static final int SGLANG_MAX_SEQS = 2048;
    static final int VLLM_MAX_SEQS = 256;

    /**
     * ShareGPT rows have no fixed lengths: use the means that vLLM's benchmark_serving reports for 1,000
     * ShareGPT_V3 prompts with a Llama tokenizer (about 215 prompt and 200 output tokens; approximate).
     */
    static final int SHAREGPT_MEAN_INPUT = 215;
    static final int SHAREGPT_MEAN_OUTPUT = 200;

    /** One published measurement. */
    public record Case(int index, String model, String device, int tp, Precision precision,
            int inputTokens, int outputTokens, boolean shareGpt, double measuredTokensPerSecond, String engine,
            String source) {

        public String id() {
            return "I" + index;
        }

        /** The engine and release the row was measured with, from its own engine column. */
        public InferenceEngine inferenceEngine() {
            return InferenceEngine.ofMeasurement(engine);
        }

        int maxSeqs() {
            String e = engine.toLowerCase(Locale.ROOT);
            if (e.startsWith("vllm")) {
                return VLLM_MAX_SEQS;
            }
            return e.startsWith("sglang") ? SGLANG_MAX_SEQS : TRT_LLM_MAX_SEQS;
        }

        public String description() {
            String lengths = shareGpt ? "ShareGPT" : inputTokens + "/" + outputTokens;
            return String.format(Locale.ROOT, "%s %s tp=%d %s %s %s", model, device, tp,
                    precision.name().toLowerCase(Locale.ROOT), lengths,
                    inferenceEngine() == InferenceEngine.SHARED ? engine.split(" ")[0] : inferenceEngine().key());
        }
    }

    private InferenceBenchmark() {}

    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int index = 1;
        for (Map<String, String> r : CsvResource.read(RESOURCE).rows()) {
            boolean shareGpt = r.get("input_tokens").equalsIgnoreCase("ShareGPT");
            cases.add(new Case(index++, r.get("model"), r.get("device"), Integer.parseInt(r.get("tp")),
                    precision(r.get("precision")),
                    shareGpt ? SHAREGPT_MEAN_INPUT : Integer.parseInt(r.get("input_tokens")),
                    shareGpt ? SHAREGPT_MEAN_OUTPUT : Integer.parseInt(r.get("output_tokens")),
                    shareGpt, Double.parseDouble(r.get("output_tokens_per_s")), r.get("engine"), r.get("source")));
        }
        return cases;
    }

    /**
     * The precision column: FP16 rows (older TensorRT-LLM tables, A100 and L40S) are read as BF16, which has the
     * same bytes per weight and KV element and the same dense tensor-core peak on these devices.
     */
    public static Precision precision(String text) {
        String p = text.trim().toUpperCase(Locale.ROOT);
        return p.equals("FP16") ? Precision.BF16 : Precision.valueOf(p);
    }

    /** Concurrent sequences the saturated instance holds. */
    public static int concurrency(Case c, RooflineInstanceTiming timing) {
        long byKv = timing.kvCapacityTokens() / (c.inputTokens() + c.outputTokens());
        return (int) StrictMath.min(c.maxSeqs(), byKv);
    }

    /**
     * Predicted output tokens per second of the whole instance, run by the row's own engine ({@code inference.engine}
     * set from its engine column, so its engine profile fills the efficiencies {@code options} leave at default).
     */
    public static double predictTokensPerSecond(Case c, OptionValues options) {
        RooflineInstanceTiming timing = new RooflineInstanceTiming(DeviceCatalog.require(c.device()),
                ModelCatalog.require(c.model()), c.tp(), c.precision(),
                options.with(HardwareModelOptions.INFERENCE_ENGINE, c.inferenceEngine()));
        int batch = concurrency(c, timing);
        if (batch < 1) {
            return 0.0;
        }
        double prefill = timing.prefillBatchSeconds(batch, c.inputTokens(), 0);
        double decode = timing.decodeSpanSeconds(batch, (long) batch * c.inputTokens(), c.outputTokens() - 1L);
        return (double) batch * c.outputTokens() / (prefill + decode);
    }
}
