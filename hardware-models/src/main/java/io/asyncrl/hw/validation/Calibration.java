package io.asyncrl.hw.validation;

import static io.asyncrl.hw.HardwareModelOptions.*;

import io.asyncrl.hw.OptionValues;
import java.util.List;

/**
 * The one-off fit behind the "calibrated" defaults: {@link Calibrator} (bounded least squares on the log
 * error) over the calibration rows only ({@link HardwareValidation#isCalibrationRow}). Its output, rounded to
 * three decimals, was copied into {@code HardwareModelOptions} and frozen; nothing calls this at run time.
 * Inference and training options are fit separately (they share no rows). The inference fit adds the
 * small-batch latency rows ({@link SmallBatchLatency}), which constrain the per-layer decode-step overhead;
 * the fixed per-step overhead is held at 0 (fitted jointly with the per-layer term, the latter takes all of it).
 */
public final class Calibration {
    /**
     * The shared inference efficiencies were last fitted on the calibration rows up to I95. Rows appended since (I97 and
     * I99, vLLM) are calibration rows of their engine's profile but not of the frozen shared fit: refitting it would move
     * every spec that names no engine, so that is left to a deliberate refit (docs/hardware-models.md, Engine profiles).
     */
    static final int LAST_SHARED_FIT_ROW = 95;

    private Calibration() {}

    public static void main(String[] args) {
        System.out.println(fitInference().values());
        System.out.println(fitTraining().values());
    }

    static Calibrator.Result fitInference() {
        List<InferenceBenchmark.Case> rows = InferenceBenchmark.cases().stream()
                .filter(c -> HardwareValidation.isCalibrationRow(c.id()) && c.index() <= LAST_SHARED_FIT_ROW).toList();
        return new Calibrator(rows, List.of(), SmallBatchLatency.cases()).fit(OptionValues.defaults(),
                List.of(HBM_BANDWIDTH_EFFICIENCY, DECODE_COMPUTE_EFFICIENCY, PREFILL_COMPUTE_EFFICIENCY,
                        PCIE_LINK_EFFICIENCY, DECODE_OVERHEAD_US_PER_LAYER));
    }

    static Calibrator.Result fitTraining() {
        List<TrainingBenchmark.Case> rows = TrainingBenchmark.cases().stream()
                .filter(c -> HardwareValidation.isCalibrationRow(c.id())).toList();
        return new Calibrator(List.of(), rows).fit(OptionValues.defaults(), List.of(TRAIN_MFU, TRAIN_MOE_EFFICIENCY));
    }
}
