package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineProfilesTest {
    /** Overheads off so that a decode step at batch 1 is the weight read alone. */
    private static final OptionValues NO_OVERHEAD = OptionValues.defaults()
            .with(DECODE_STEP_OVERHEAD_MS, 0.0)
            .with(DECODE_OVERHEAD_US_PER_LAYER, 0.0)
            .with(DECODE_OVERHEAD_US_PER_SEQ, 0.0);

    private static double batchOneStepOnH100(OptionValues options) {
        return new RooflineInstanceTiming(DeviceCatalog.require("h100-sxm"), ModelCatalog.require("qwen2.5-7b"), 1,
                Precision.BF16, options).decodeStepSeconds(1, 0);
    }

    @Test
    void shouldPriceADecodeStepWithTheNamedEnginesEfficiencies() {
        // Qwen2.5-7B BF16 = 15.24e9 B of weights; H100 HBM 3,350 GB/s. Batch 1, no cached token: memory-bound
        // (compute is 15.24e9 FLOP / (989e12 x 0.238) = 0.065 ms).
        // trtllm-0.10 profile, HBM efficiency 0.855: 15.24e9 / (3350e9 x 0.855) = 15.24 / 2864.25 s = 5.3208 ms
        double v010 = batchOneStepOnH100(NO_OVERHEAD.with(INFERENCE_ENGINE, InferenceEngine.TRTLLM_0_10));
        assertEquals(15.24e9 / 2864.25e9, v010, 1e-12);
        // trtllm-1.0 profile, 0.723: 15.24 / (3350 x 0.723 = 2422.05) s = 6.2922 ms
        double v10 = batchOneStepOnH100(NO_OVERHEAD.with(INFERENCE_ENGINE, InferenceEngine.TRTLLM_1_0));
        assertEquals(15.24e9 / 2422.05e9, v10, 1e-12);
        // no engine: the shared 0.647: 15.24 / (3350 x 0.647 = 2167.45) s = 7.0313 ms
        assertEquals(15.24e9 / 2167.45e9, batchOneStepOnH100(NO_OVERHEAD), 1e-12);
    }

    @Test
    void shouldChargeTheEnginesPerLayerDecodeCost() {
        // the per-layer cost left to the profile: trtllm-0.10's 637.843 us x 28 layers = 17.8596 ms on top of the
        // 5.3208 ms weight read; the shared 64.825 us x 28 = 1.8151 ms on top of 7.0313 ms
        OptionValues perLayerFromProfile = OptionValues.defaults().with(DECODE_STEP_OVERHEAD_MS, 0.0)
                .with(DECODE_OVERHEAD_US_PER_SEQ, 0.0);
        assertEquals(15.24e9 / 2864.25e9 + 28 * 637.843e-6,
                batchOneStepOnH100(perLayerFromProfile.with(INFERENCE_ENGINE, InferenceEngine.TRTLLM_0_10)), 1e-12);
        assertEquals(15.24e9 / 2167.45e9 + 28 * 64.825e-6, batchOneStepOnH100(perLayerFromProfile), 1e-12);
    }

    @Test
    void shouldLetAnEfficiencySetExplicitlyWinOverTheEngineProfile() {
        // hbm 0.5 set by the spec: 15.24e9 / (3350e9 x 0.5) = 9.0985 ms whatever the engine
        OptionValues explicit = NO_OVERHEAD.with(HBM_BANDWIDTH_EFFICIENCY, 0.5);
        assertEquals(15.24e9 / 1675e9, batchOneStepOnH100(explicit.with(INFERENCE_ENGINE, InferenceEngine.TRTLLM_0_10)),
                1e-12);
        OptionValues resolved = EngineProfiles.resolve(explicit.with(INFERENCE_ENGINE, InferenceEngine.TRTLLM_0_10));
        assertEquals(0.5, resolved.get(HBM_BANDWIDTH_EFFICIENCY));
        assertEquals(0.0, resolved.get(DECODE_OVERHEAD_US_PER_LAYER), "set explicitly (NO_OVERHEAD): stays");
        assertEquals(0.238, resolved.get(DECODE_COMPUTE_EFFICIENCY), "the options left at default take the profile's");
    }

    @Test
    void shouldChangeNothingForTheSharedEngineAndEnginesWithTooFewCalibrationRows() {
        for (InferenceEngine e : new InferenceEngine[] {InferenceEngine.SHARED, InferenceEngine.TRTLLM_0_21,
                InferenceEngine.VLLM, InferenceEngine.SGLANG}) {
            OptionValues o = OptionValues.defaults().with(INFERENCE_ENGINE, e);
            assertEquals(o, EngineProfiles.resolve(o), e.key());
            assertTrue(EngineProfiles.profile(e).shared(), e.key());
        }
        assertEquals(OptionValues.defaults(), EngineProfiles.resolve(OptionValues.defaults()));
    }

    @Test
    void shouldReadTheEngineAndReleaseOfAMeasuredRowFromItsEngineColumn() {
        assertEquals(InferenceEngine.TRTLLM_0_10, InferenceEngine.ofMeasurement("TensorRT-LLM v0.10 max-load IFB (Llama-3-8B)"));
        assertEquals(InferenceEngine.TRTLLM_0_21, InferenceEngine.ofMeasurement("TensorRT-LLM max-load offline v0.21"));
        assertEquals(InferenceEngine.TRTLLM_1_0, InferenceEngine.ofMeasurement("TensorRT-LLM max-load offline"));
        assertEquals(InferenceEngine.VLLM, InferenceEngine.ofMeasurement("vLLM 1000 ShareGPT prompts"));
        assertEquals(InferenceEngine.SGLANG, InferenceEngine.ofMeasurement("SGLang 1000 ShareGPT prompts"));
        assertEquals(InferenceEngine.SHARED, InferenceEngine.ofMeasurement("my engine"));
        assertEquals(InferenceEngine.SHARED, InferenceEngine.ofMeasurement(null));
    }

    @Test
    void shouldLetAFrameworkSettingNameTheEngine() {
        // each framework profile names the engine its sources name (FrameworkProfiles); a spec setting selects another
        Map<String, InferenceEngine> engines = Map.of("ideal", InferenceEngine.SHARED, "verl", InferenceEngine.VLLM,
                "areal", InferenceEngine.SGLANG, "asyncflow", InferenceEngine.VLLM, "openrlhf", InferenceEngine.VLLM,
                "slime", InferenceEngine.SGLANG);
        for (String framework : FrameworkProfiles.names()) {
            assertEquals(engines.get(framework), FrameworkProfiles.options(framework, Map.of(), OptionValues.defaults())
                    .get(INFERENCE_ENGINE), framework);
        }
        OptionValues verlOnSglang = FrameworkProfiles.options("verl", Map.of("inference_engine", "sglang"),
                OptionValues.defaults());
        assertEquals(InferenceEngine.SGLANG, verlOnSglang.get(INFERENCE_ENGINE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameworkProfiles.options("verl",
                Map.of("inference_engine", "trt"), OptionValues.defaults()));
        assertTrue(e.getMessage().startsWith("inference_engine must be shared, trtllm-1.0"), e.getMessage());
    }

    @Test
    void shouldReachTheEngineFromCheckedStringsAndNameTheChoicesForAnUnknownOne() {
        OptionValues o = OptionValues.fromCheckedStrings(Map.of("inference.engine", "trtllm-0.10"));
        assertEquals(InferenceEngine.TRTLLM_0_10, o.get(INFERENCE_ENGINE));
        // the canonical text form travels on the wire and must parse back to the same constant
        assertEquals(InferenceEngine.TRTLLM_0_10, INFERENCE_ENGINE.parse(String.valueOf(InferenceEngine.TRTLLM_0_10)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptionValues.fromCheckedStrings(Map.of("inference.engine", "tensorrt")));
        assertEquals("inference.engine expected one of shared, trtllm-1.0, trtllm-0.21, trtllm-0.10, vllm or sglang, "
                + "got 'tensorrt'", e.getMessage());
    }
}
