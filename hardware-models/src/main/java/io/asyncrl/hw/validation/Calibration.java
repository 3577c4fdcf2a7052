package io.asyncrl.hw.validation;

import static io.asyncrl.hw.HardwareModelOptions.*;

import io.asyncrl.hw.OptionValues;
import java.util.List;
import java.util.Locale;

/**
 * The one-off fit behind the "calibrated" defaults: a grid search minimising the mean squared log error
 * over the calibration rows only ({@link HardwareValidation#CALIBRATION_ROWS}). Its output was copied
 * into {@code HardwareModelOptions} and frozen; nothing calls this at run time. Inference and training
 * parameters are fit separately (they share no rows).
 */
public final class Calibration {
    private Calibration() {}

    public static void main(String[] args) {
        System.out.println(fitInference());
        System.out.println(fitTraining());
    }

    static String fitInference() {
        double best = Double.MAX_VALUE;
        String bestText = "";
        for (double hbm = 0.60; hbm <= 0.951; hbm += 0.05) {
            for (double decode = 0.20; decode <= 0.801; decode += 0.05) {
                // prefill efficiency is a prior (see its option): left free it runs to the grid edge
                for (double prefill = 0.70; prefill <= 0.701; prefill += 0.05) {
                    for (double overheadMs = 0.0; overheadMs <= 10.01; overheadMs += 0.5) {
                        // per-layer step overhead: fitted on the small-batch latency rows with the throughput rows
                        for (double perLayerUs = 0.0; perLayerUs <= 80.01; perLayerUs += 5.0) {
                            OptionValues o = OptionValues.defaults()
                                    .with(HBM_BANDWIDTH_EFFICIENCY, round(hbm))
                                    .with(DECODE_COMPUTE_EFFICIENCY, round(decode))
                                    .with(PREFILL_COMPUTE_EFFICIENCY, round(prefill))
                                    .with(DECODE_STEP_OVERHEAD_MS, round(overheadMs))
                                    .with(DECODE_OVERHEAD_US_PER_LAYER, round(perLayerUs));
                            double loss = 0;
                            for (InferenceBenchmark.Case c : InferenceBenchmark.cases()) {
                                if (HardwareValidation.CALIBRATION_ROWS.contains(c.id())) {
                                    loss += squaredLogError(InferenceBenchmark.predictTokensPerSecond(c, o),
                                            c.measuredTokensPerSecond());
                                }
                            }
                            for (SmallBatchLatency.Case c : SmallBatchLatency.cases()) {
                                loss += squaredLogError(SmallBatchLatency.predictSeconds(c, o), c.measuredSeconds());
                            }
                            if (loss < best) {
                                best = loss;
                                bestText = String.format(Locale.ROOT, "inference: hbm=%.2f decode=%.2f prefill=%.2f "
                                        + "overheadMs=%.1f perLayerUs=%.0f loss=%.5f", hbm, decode, prefill, overheadMs,
                                        perLayerUs, loss);
                            }
                        }
                    }
                }
            }
        }
        return bestText;
    }

    static String fitTraining() {
        List<TrainingBenchmark.Case> cases = TrainingBenchmark.cases();
        double best = Double.MAX_VALUE;
        String bestText = "";
        for (double mfu = 0.20; mfu <= 0.601; mfu += 0.005) {
            for (double moe = 0.05; moe <= 1.001; moe += 0.01) {
                OptionValues o = OptionValues.defaults().with(TRAIN_MFU, round(mfu)).with(TRAIN_MOE_EFFICIENCY, round(moe));
                double loss = 0;
                for (TrainingBenchmark.Case c : cases) {
                    if (HardwareValidation.CALIBRATION_ROWS.contains(c.id())) {
                        loss += squaredLogError(TrainingBenchmark.predictTokensPerSecondPerDevice(c, o),
                                c.measuredTokensPerSecondPerDevice());
                    }
                }
                if (loss < best) {
                    best = loss;
                    bestText = String.format(Locale.ROOT, "training: mfu=%.3f moe=%.2f loss=%.5f", mfu, moe, loss);
                }
            }
        }
        return bestText;
    }

    private static double round(double v) {
        return StrictMath.rint(v * 1000.0) / 1000.0;
    }

    private static double squaredLogError(double predicted, double measured) {
        if (predicted <= 0) {
            return 100.0;
        }
        double e = StrictMath.log(predicted / measured);
        return e * e;
    }
}
