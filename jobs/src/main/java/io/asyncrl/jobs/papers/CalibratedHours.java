package io.asyncrl.jobs.papers;

import io.asyncrl.jobs.calibrate.MeasuredSteps;
import io.asyncrl.jobs.calibrate.StepTimeFit;
import io.asyncrl.jobs.compare.Comparison;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.Variant;
import io.asyncrl.jobs.result.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AReaL's hours as a user would predict them after measuring one synchronous run on the same cluster
 * ({@code calibrate --step-times}): one factor on both time scales is fitted so that the synchronous run (synchronous
 * AReaL, or verl) takes its published mean step (its hours over its steps, the only timing Table 1 gives), and
 * AReaL's asynchronous run is simulated with that factor. Reported beside the summary, not counted in it: it answers
 * how far the absolute hours are off once the absolute speed of a framework on a cluster is measured, which the
 * uncalibrated hours cannot know.
 */
final class CalibratedHours {
    /** Steps the synchronous run is simulated over while fitting: a synchronous step has no fill to get past. */
    static final int FIT_STEPS = 8;

    private CalibratedHours() {}

    /** One AReaL row: the factor fitted on each synchronous run and the asynchronous hours simulated with it. */
    record Row(String spec, double published, double onSyncFactor, double onSyncHours, double onVerlFactor,
            double onVerlHours) {}

    /** The rows and how many simulations they took (the fits' and the calibrated runs). */
    record Runs(List<Row> rows, int simulations) {}

    /**
     * The rows, from each AReaL row's variants in validate papers' order (verl, synchronous AReaL, AReaL) and the
     * published hours.
     */
    static Runs rows(Map<String, List<Variant>> variants) throws Exception {
        List<Variant> calibrated = new ArrayList<>();
        Map<String, double[]> factors = new LinkedHashMap<>();
        int simulations = 0;
        for (Published.Areal a : Published.AREAL) {
            List<Variant> v = variants.get(a.spec());
            StepTimeFit.Result onVerl = fit(v.get(0), a.verlH(), a.steps());
            StepTimeFit.Result onSync = fit(v.get(1), a.syncH(), a.steps());
            simulations += onVerl.simulations() + onSync.simulations() + 2;
            factors.put(a.spec(), new double[] {onSync.inferenceScale(), onVerl.inferenceScale()});
            calibrated.add(scaled(v.get(2), onSync.inferenceScale(), "calibrated-on-sync"));
            calibrated.add(scaled(v.get(2), onVerl.inferenceScale(), "calibrated-on-verl"));
        }
        List<RunResult> runs = Comparison.inMemory(calibrated, false);
        List<Row> rows = new ArrayList<>();
        int i = 0;
        for (Published.Areal a : Published.AREAL) {
            double[] f = factors.get(a.spec());
            rows.add(new Row(a.spec(), a.arealH(), f[0], PaperValidation.hours(runs.get(i), a.steps()), f[1],
                    PaperValidation.hours(runs.get(i + 1), a.steps())));
            i += 2;
        }
        return new Runs(rows, simulations);
    }

    /**
     * The fit of one factor at which the synchronous variant's step takes {@code hours} over {@code steps}, as calibrate
     * fits it (both scales start at 1, so either is the factor).
     */
    static StepTimeFit.Result fit(Variant sync, double hours, int steps) {
        String fitSpec = new SpecVariants(sync.yaml(), sync.label()).variant(
                Map.of("algorithm.steps", String.valueOf(FIT_STEPS)), "fit").yaml();
        MeasuredSteps published = new MeasuredSteps("published", List.of(MeasuredSteps.STEP), List.of(), List.of(),
                List.of(), List.of(new MeasuredSteps.Row(0, hours * 3600 / steps, Double.NaN, Double.NaN)));
        return StepTimeFit.fit(fitSpec, sync.label(), published);
    }

    private static Variant scaled(Variant async, double factor, String label) {
        return new SpecVariants(async.yaml(), async.label()).variant(SpecVariants.settings(
                "hardware.inference.time-scale", String.valueOf(factor), "hardware.train.time-scale",
                String.valueOf(factor)), label);
    }

    /** The section validate papers prints. */
    static String section(List<Row> rows, List<Double> uncalibrated) {
        StringBuilder b = new StringBuilder("\nAReaL's hours calibrated on a synchronous run of the same cluster (calibrate "
                + "--step-times: one factor on inference.time-scale and\n  train.time-scale so that the synchronous run takes "
                + "its published mean step, then AReaL simulated with it; not among the figures the summary counts)\n");
        b.append("                              | on synchronous AReaL: factor, AReaL h (pub / sim / err) | on verl: factor, "
                + "AReaL h (pub / sim / err)\n");
        List<Double> onSync = new ArrayList<>();
        List<Double> onVerl = new ArrayList<>();
        for (Row r : rows) {
            double es = PaperValidation.err(r.onSyncHours(), r.published());
            double ev = PaperValidation.err(r.onVerlHours(), r.published());
            onSync.add(Math.abs(es));
            onVerl.add(Math.abs(ev));
            b.append(String.format(Locale.ROOT, "%-29s | %4.2f, %5.1f / %5.1f / %+4.0f%%                       | %4.2f, "
                    + "%5.1f / %5.1f / %+4.0f%%%n", r.spec().replace(".yaml", ""), r.onSyncFactor(), r.published(),
                    r.onSyncHours(), es, r.onVerlFactor(), r.published(), r.onVerlHours(), ev));
        }
        b.append(String.format(Locale.ROOT, "  AReaL hours, median |error|: %.0f%% calibrated on synchronous AReaL, %.0f%% on "
                + "verl, %.0f%% uncalibrated (the table above)%n", PaperValidation.median(onSync),
                PaperValidation.median(onVerl), PaperValidation.median(uncalibrated)));
        return b.toString();
    }
}
