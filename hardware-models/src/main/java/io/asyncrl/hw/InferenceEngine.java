package io.asyncrl.hw;

import java.util.Locale;

/**
 * The inference engine (and release) a rollout instance runs ({@code inference.engine}): it selects the engine's
 * efficiency profile ({@link EngineProfiles}), fitted on that engine's own calibration rows. {@link #SHARED} is the
 * model without an engine: the efficiencies fitted on every engine's calibration rows together.
 */
public enum InferenceEngine {
    /** No engine named: the shared efficiencies (HardwareModelOptions' defaults). */
    SHARED("shared"),
    /** TensorRT-LLM 1.0 (PyTorch backend, trtllm-bench; the v1.0 tables of perf-overview.md). */
    TRTLLM_1_0("trtllm-1.0"),
    /** TensorRT-LLM 0.21 (the GH200 column of the v0.21 tables of perf-overview.md). */
    TRTLLM_0_21("trtllm-0.21"),
    /** TensorRT-LLM 0.10 (2024 TensorRT engines, gptManagerBenchmark; the v0.10 table of perf-overview.md). */
    TRTLLM_0_10("trtllm-0.10"),
    /** vLLM. */
    VLLM("vllm"),
    /** SGLang. */
    SGLANG("sglang");

    private final String key;

    InferenceEngine(String key) {
        this.key = key;
    }

    /** The spec value, e.g. {@code trtllm-1.0}. */
    public String key() {
        return key;
    }

    /** The spec value: options travel as strings and must parse back to the same constant. */
    @Override
    public String toString() {
        return key;
    }

    /** The engine named {@code text}, or a clear error listing the known ones. */
    public static InferenceEngine parse(String text) {
        return SpecKeys.parse(InferenceEngine.class, InferenceEngine::key, text);
    }

    /** "shared, trtllm-1.0, ... or sglang". */
    public static String keys() {
        return SpecKeys.keys(InferenceEngine.class, InferenceEngine::key);
    }

    /**
     * The engine of a measured row, read from its own {@code engine} column (a reference row or a user's
     * measurement): {@code vLLM ...} and {@code SGLang ...} name their engine; {@code TensorRT-LLM ...} is release
     * 0.10 or 0.21 when the column says {@code v0.10} / {@code v0.21}, else 1.0 (the perf-overview tables the
     * shared reference rows were copied from carry no version, and the project's rows from the same tables say
     * v1.0); anything else is {@link #SHARED}.
     */
    public static InferenceEngine ofMeasurement(String engineColumn) {
        String e = engineColumn == null ? "" : engineColumn.trim().toLowerCase(Locale.ROOT);
        if (e.startsWith("vllm")) {
            return VLLM;
        }
        if (e.startsWith("sglang")) {
            return SGLANG;
        }
        if (e.startsWith("tensorrt-llm") || e.startsWith("trtllm") || e.startsWith("trt-llm")) {
            if (e.contains("v0.10")) {
                return TRTLLM_0_10;
            }
            return e.contains("v0.21") ? TRTLLM_0_21 : TRTLLM_1_0;
        }
        return SHARED;
    }
}
