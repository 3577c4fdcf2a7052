package io.asyncrl.jobs.accuracy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.schemas.ExperimentSpec;
import java.util.Locale;

/**
 * How far the simulator's figures were from published runs, as {@code asyncrl validate papers} measures them
 * (docs/papers.md): what a planner's user needs beside its predictions. Recorded here so that {@code plan} can say it
 * without 30 simulations; {@code PaperValidationTest} runs the validation and fails, naming the new figures, as soon
 * as a model change moves them, so this cannot go stale.
 */
public final class Accuracy {
    /** Published speedups (AReaL's over synchronous AReaL, AsyncFlow's over verl and its ablation) compared. */
    public static final int SPEEDUP_ROWS = 11;
    /** Median and largest |error| of the simulated speedups, percent (rounded as validate papers prints them). */
    public static final int SPEEDUP_MEDIAN_PERCENT = 9;
    public static final int SPEEDUP_MAX_PERCENT = 32;
    /** Published training hours (AReaL Table 1: synchronous AReaL and AReaL, four models) compared. */
    public static final int HOURS_ROWS = 8;
    /** Median and largest |error| of the simulated hours, percent. */
    public static final int HOURS_MEDIAN_PERCENT = 19;
    public static final int HOURS_MAX_PERCENT = 40;
    /** Hours rows the simulation finished sooner than the published run. */
    public static final int HOURS_SHORTER = 7;
    /**
     * Median |error| of AReaL's hours once the simulation is calibrated on the synchronous AReaL run of the same row
     * ({@code calibrate --step-times}; validate papers' calibrated section), percent.
     */
    public static final int CALIBRATED_HOURS_MEDIAN_PERCENT = 13;
    /**
     * AReaL v0.2's synchronous runs at their published layouts, 8 to 128 GPUs (validate papers' AReaL v0.2 section):
     * how many, and the median and largest |error| of their trained tokens/s, percent; the largest is on the most GPUs.
     */
    public static final int SCALE_ROWS = 5;
    public static final int SCALE_MEDIAN_PERCENT = 12;
    public static final int SCALE_MAX_PERCENT = 33;

    /**
     * The device whose single-sequence decode {@code validate hardware} measured slower than modelled: its batch-1 rows
     * (batch-one-decode.csv, SGLang 0.4.6), how many, the median and largest amount by which the model's speed exceeded
     * the measured one, percent, and the {@code inference.hbm-bandwidth-efficiency} that prices them as measured
     * (docs/hardware-models.md, Small-batch decode). {@code AccuracyTest} holds these to the rows.
     */
    public static final String BATCH_ONE_DEVICE = "h20";
    public static final int BATCH_ONE_ROWS = 24;
    public static final int BATCH_ONE_MEDIAN_PERCENT = 36;
    public static final int BATCH_ONE_MAX_PERCENT = 63;
    public static final double BATCH_ONE_HBM_EFFICIENCY = 0.40;

    private Accuracy() {}

    /**
     * A note for a spec on {@link #BATCH_ONE_DEVICE} that leaves {@code inference.hbm-bandwidth-efficiency} at its
     * default (the tail of a synchronous batch decodes a few answers at a time), or "" for any other spec.
     */
    public static String deviceNote(ExperimentSpec s) {
        String key = HardwareModelOptions.HBM_BANDWIDTH_EFFICIENCY.key();
        if (!BATCH_ONE_DEVICE.equalsIgnoreCase(s.getCluster().getDevice()) || s.getHardware().getOptions().containsKey(key)) {
            return "";
        }
        return String.format(Locale.ROOT, "note: on the %s, one answer decoded alone ran slower than modelled: the model's "
                + "speed was a median %d%% (max %d%%) above%n  the measured one on %d rows (SGLang 0.4.6; asyncrl validate "
                + "hardware, docs/hardware-models.md), so a step that waits for%n  its longest answers may take longer than "
                + "predicted; in the spec, hardware: {%s: %.2f}%n  prices them as measured%n", BATCH_ONE_DEVICE,
                BATCH_ONE_MEDIAN_PERCENT, BATCH_ONE_MAX_PERCENT, BATCH_ONE_ROWS, key, BATCH_ONE_HBM_EFFICIENCY);
    }

    /** The note of {@link #deviceNote} as an object under {@code accuracy} in plan.json (nothing for other specs). */
    public static void deviceJson(ObjectNode accuracy, ExperimentSpec s) {
        if (deviceNote(s).isEmpty()) {
            return;
        }
        accuracy.putObject("device_note").put("device", BATCH_ONE_DEVICE).put("rows", BATCH_ONE_ROWS)
                .put("median_model_above_measured_percent", BATCH_ONE_MEDIAN_PERCENT)
                .put("max_model_above_measured_percent", BATCH_ONE_MAX_PERCENT)
                .put("hbm_bandwidth_efficiency_as_measured", BATCH_ONE_HBM_EFFICIENCY)
                .put("source", "asyncrl validate hardware, batch-1 rows of SGLang 0.4.6 on an H20 "
                        + "(docs/hardware-models.md, Small-batch decode)");
    }

    /** Four lines for a plan: relative figures are closer to published runs than absolute ones. */
    public static String lines() {
        return String.format(Locale.ROOT, "accuracy (asyncrl validate papers, docs/papers.md): against published runs, "
                + "simulated speedups of one%n  configuration over another were off by a median %d%% (max %d%%, %d ratios), "
                + "absolute training hours by a%n  median %d%% (max %d%%, %d runs), the simulation faster in %d of %d: "
                + "allow for a longer run than predicted,%n  or calibrate on a synchronous run of yours (asyncrl calibrate "
                + "--step-times: on AReaL's runs, a median %d%%);%n  throughput on 8 to 128 GPUs a median %d%% off (max "
                + "%d%%, on the most GPUs): more optimistic on larger clusters%n",
                SPEEDUP_MEDIAN_PERCENT, SPEEDUP_MAX_PERCENT, SPEEDUP_ROWS, HOURS_MEDIAN_PERCENT, HOURS_MAX_PERCENT,
                HOURS_ROWS, HOURS_SHORTER, HOURS_ROWS, CALIBRATED_HOURS_MEDIAN_PERCENT, SCALE_MEDIAN_PERCENT,
                SCALE_MAX_PERCENT);
    }

    /** One line under a comparison's speedups. */
    public static String speedupLine() {
        return String.format(Locale.ROOT, "accuracy: simulated speedups were off by a median %d%% (max %d%%) from %d "
                + "published ones (asyncrl validate papers, docs/papers.md)%n", SPEEDUP_MEDIAN_PERCENT, SPEEDUP_MAX_PERCENT,
                SPEEDUP_ROWS);
    }

    /** The same figures as an object of plan.json. */
    public static void json(ObjectNode n) {
        n.put("source", "asyncrl validate papers (docs/papers.md)");
        n.putObject("speedups").put("rows", SPEEDUP_ROWS).put("median_abs_error_percent", SPEEDUP_MEDIAN_PERCENT)
                .put("max_abs_error_percent", SPEEDUP_MAX_PERCENT);
        n.putObject("hours").put("rows", HOURS_ROWS).put("median_abs_error_percent", HOURS_MEDIAN_PERCENT)
                .put("max_abs_error_percent", HOURS_MAX_PERCENT).put("simulation_shorter_rows", HOURS_SHORTER)
                .put("calibrated_on_sync_median_abs_error_percent", CALIBRATED_HOURS_MEDIAN_PERCENT);
        n.putObject("throughput_by_cluster_size").put("rows", SCALE_ROWS).put("median_abs_error_percent", SCALE_MEDIAN_PERCENT)
                .put("max_abs_error_percent", SCALE_MAX_PERCENT).put("source", "AReaL v0.2 at its published layouts, "
                        + "8 to 128 GPUs; the largest error on the most GPUs");
    }
}
