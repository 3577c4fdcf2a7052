package io.asyncrl.hw.validation;

import io.asyncrl.hw.EngineProfiles;
import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.InferenceEngine;
import io.asyncrl.hw.OptionValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-off fit behind {@link EngineProfiles}: for each engine, {@link Calibrator} (bounded least squares on the
 * log error) over that engine's calibration rows only ({@link HardwareValidation#isCalibrationRow}, the fixed split),
 * fitting {@link EngineProfiles#FITTED} from the shared defaults. Engines with fewer than
 * {@link EngineProfiles#MIN_CALIBRATION_ROWS} calibration rows are not fitted. Its output, rounded to three decimals,
 * was copied into {@code EngineProfiles}; nothing calls this at run time.
 */
public final class EngineProfileFit {
    private EngineProfileFit() {}

    public static void main(String[] args) {
        for (Map.Entry<InferenceEngine, Calibrator.Result> e : fitAll().entrySet()) {
            System.out.println(e.getKey() + " rows=" + calibrationRows(e.getKey()).size() + " " + e.getValue().values()
                    + " unconstrained=" + e.getValue().unconstrained() + " loss " + e.getValue().lossBefore() + " -> "
                    + e.getValue().lossAfter());
        }
        for (InferenceEngine engine : InferenceEngine.values()) {
            System.out.println(engine + " calibration rows " + ids(calibrationRows(engine)));
        }
    }

    /** The calibration rows of {@code engine} (by each row's own engine column). */
    public static List<InferenceBenchmark.Case> calibrationRows(InferenceEngine engine) {
        return InferenceBenchmark.cases().stream().filter(c -> HardwareValidation.isCalibrationRow(c.id()))
                .filter(c -> c.inferenceEngine() == engine).toList();
    }

    static String ids(List<InferenceBenchmark.Case> rows) {
        return String.join(",", rows.stream().map(InferenceBenchmark.Case::id).toList());
    }

    /** The fit of every engine with enough calibration rows. */
    public static Map<InferenceEngine, Calibrator.Result> fitAll() {
        Map<InferenceEngine, Calibrator.Result> out = new LinkedHashMap<>();
        for (InferenceEngine engine : InferenceEngine.values()) {
            List<InferenceBenchmark.Case> rows = calibrationRows(engine);
            if (engine != InferenceEngine.SHARED && rows.size() >= EngineProfiles.MIN_CALIBRATION_ROWS) {
                out.put(engine, fit(engine, rows));
            }
        }
        return out;
    }

    static Calibrator.Result fit(InferenceEngine engine, List<InferenceBenchmark.Case> rows) {
        return new Calibrator(rows, List.of()).fit(OptionValues.defaults().with(HardwareModelOptions.INFERENCE_ENGINE, engine),
                EngineProfiles.FITTED);
    }
}
