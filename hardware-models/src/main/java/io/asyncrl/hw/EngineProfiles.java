package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.DECODE_COMPUTE_EFFICIENCY;
import static io.asyncrl.hw.HardwareModelOptions.DECODE_OVERHEAD_US_PER_LAYER;
import static io.asyncrl.hw.HardwareModelOptions.HBM_BANDWIDTH_EFFICIENCY;
import static io.asyncrl.hw.HardwareModelOptions.INFERENCE_ENGINE;
import static io.asyncrl.hw.HardwareModelOptions.PCIE_LINK_EFFICIENCY;
import static io.asyncrl.hw.HardwareModelOptions.PREFILL_COMPUTE_EFFICIENCY;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inference efficiencies of the engines people run, one profile per engine and release
 * ({@code inference.engine}). A profile is the set of {@link #FITTED} options fitted on that engine's own
 * calibration rows (by {@code validation.EngineProfileFit}, frozen here rounded to three decimals); an engine with
 * fewer than {@link #MIN_CALIBRATION_ROWS} calibration rows has no profile of its own and runs on the shared
 * efficiencies (the option defaults, fitted on every engine's calibration rows together).
 *
 * <p>A profile only fills options the caller left at their default: an efficiency set in a spec's {@code hardware:}
 * block, by a framework profile or by a calibration fit wins over the engine's.
 */
public final class EngineProfiles {
    private EngineProfiles() {}

    /**
     * What a profile sets: the efficiencies of the inference roofline and the per-layer cost of a decode step, the
     * options a throughput row constrains.
     */
    public static final List<Option<Double>> FITTED = List.of(HBM_BANDWIDTH_EFFICIENCY, DECODE_COMPUTE_EFFICIENCY,
            PREFILL_COMPUTE_EFFICIENCY, PCIE_LINK_EFFICIENCY, DECODE_OVERHEAD_US_PER_LAYER);

    /** Fewer calibration rows than two per fitted option: no profile of its own, the shared values. */
    public static final int MIN_CALIBRATION_ROWS = 2 * FITTED.size();

    /**
     * One engine's efficiencies.
     *
     * @param values fitted value per option; empty for an engine on the shared efficiencies
     * @param source the rows it was fitted on, or why it has no values of its own
     */
    public record Profile(InferenceEngine engine, Map<Option<Double>, Double> values, String source) {
        public Profile {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public boolean shared() {
            return values.isEmpty();
        }
    }

    private static final Map<InferenceEngine, Profile> PROFILES = profiles();

    private static Map<InferenceEngine, Profile> profiles() {
        Map<InferenceEngine, Profile> m = new EnumMap<>(InferenceEngine.class);
        m.put(InferenceEngine.SHARED, new Profile(InferenceEngine.SHARED, Map.of(),
                "no engine named: the shared efficiencies, fitted on every engine's calibration rows together"));
        m.put(InferenceEngine.TRTLLM_1_0, new Profile(InferenceEngine.TRTLLM_1_0, values(0.723, 0.386, 0.610, null, 68.977),
                "fitted on the 20 TensorRT-LLM 1.0 calibration rows I1,I3,...,I15 and I19,I21,...,I41 (H100/H200 FP8, "
                        + "perf-overview.md v1.0 tables; EngineProfileFit); no PCIe row, so comm.pcie-link-efficiency stays shared"));
        m.put(InferenceEngine.TRTLLM_0_21, new Profile(InferenceEngine.TRTLLM_0_21, Map.of(),
                "6 calibration rows (I43,I45,...,I53, GH200), fewer than " + MIN_CALIBRATION_ROWS
                        + ": the shared efficiencies"));
        m.put(InferenceEngine.TRTLLM_0_10, new Profile(InferenceEngine.TRTLLM_0_10, values(0.855, 0.238, 0.666, 0.211, 637.843),
                "fitted on the 21 TensorRT-LLM 0.10 calibration rows I55,I57,...,I95 (A100/L40S/H100, perf-overview.md "
                        + "v0.10 table; EngineProfileFit): 17 of them 2048-token prompts, since the fixed split alternates the table's "
                        + "128- and 2048-token prompts"));
        m.put(InferenceEngine.VLLM, new Profile(InferenceEngine.VLLM, Map.of(),
                "3 calibration rows (I17, I97, I99), fewer than " + MIN_CALIBRATION_ROWS + ": the shared efficiencies"));
        m.put(InferenceEngine.SGLANG, new Profile(InferenceEngine.SGLANG, Map.of(),
                "no calibration row (I18, I96 and I98 are held back): the shared efficiencies"));
        return Collections.unmodifiableMap(m);
    }

    /** Values in the order of {@link #FITTED}; null: not constrained by the engine's rows, the shared value. */
    private static Map<Option<Double>, Double> values(Double... fitted) {
        Map<Option<Double>, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < fitted.length; i++) {
            if (fitted[i] != null) {
                m.put(FITTED.get(i), fitted[i]);
            }
        }
        return m;
    }

    public static Profile profile(InferenceEngine engine) {
        return PROFILES.get(engine);
    }

    /** Every profile, in the order of {@link InferenceEngine}. */
    public static List<Profile> all() {
        return List.copyOf(PROFILES.values());
    }

    /**
     * {@code options} with the profile of their {@code inference.engine} filling every {@link #FITTED} option they
     * leave at its default; options set explicitly stay as they are.
     */
    public static OptionValues resolve(OptionValues options) {
        OptionValues out = options;
        for (Map.Entry<Option<Double>, Double> e : profile(options.get(INFERENCE_ENGINE)).values().entrySet()) {
            if (!options.isSet(e.getKey())) {
                out = out.with(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
