package io.asyncrl.hw.validation;

import static org.junit.jupiter.api.Assertions.*;

import io.asyncrl.hw.EngineProfiles;
import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.InferenceEngine;
import io.asyncrl.hw.Option;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineProfileFitTest {
    @Test
    void shouldFreezeEachEnginesFitOnItsOwnCalibrationRowsRoundedToThreeDecimals() {
        Map<InferenceEngine, Calibrator.Result> fits = EngineProfileFit.fitAll();
        for (EngineProfiles.Profile p : EngineProfiles.all()) {
            Calibrator.Result fit = fits.get(p.engine());
            if (fit == null) {
                assertTrue(p.shared(), p.engine() + " has no fit, so no values of its own");
                continue;
            }
            assertEquals(fit.values().keySet(), keys(p), p.engine() + ": the constrained options, no more");
            for (Map.Entry<Option<Double>, Double> e : p.values().entrySet()) {
                assertEquals(fit.values().get(e.getKey().key()), e.getValue(), 0.0005, p.engine() + " " + e.getKey().key());
            }
        }
        assertEquals(2, fits.size(), "trtllm-1.0 and trtllm-0.10 have enough calibration rows");
    }

    @Test
    void shouldFitOnlyOnCalibrationRowsOfTheSameEngine() {
        for (InferenceEngine engine : InferenceEngine.values()) {
            for (InferenceBenchmark.Case c : EngineProfileFit.calibrationRows(engine)) {
                assertTrue(HardwareValidation.isCalibrationRow(c.id()), c.id());
                assertEquals(engine, c.inferenceEngine(), c.id());
            }
        }
        assertEquals(20, EngineProfileFit.calibrationRows(InferenceEngine.TRTLLM_1_0).size());
        assertEquals(21, EngineProfileFit.calibrationRows(InferenceEngine.TRTLLM_0_10).size());
        assertEquals(6, EngineProfileFit.calibrationRows(InferenceEngine.TRTLLM_0_21).size());
        assertEquals(3, EngineProfileFit.calibrationRows(InferenceEngine.VLLM).size());
        assertEquals(0, EngineProfileFit.calibrationRows(InferenceEngine.SGLANG).size());
        assertEquals(HardwareModelOptions.HBM_BANDWIDTH_EFFICIENCY, EngineProfiles.FITTED.get(0));
    }

    private static java.util.Set<String> keys(EngineProfiles.Profile p) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        p.values().keySet().forEach(o -> keys.add(o.key()));
        return keys;
    }
}
