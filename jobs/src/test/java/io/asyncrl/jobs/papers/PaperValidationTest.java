package io.asyncrl.jobs.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.accuracy.Accuracy;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.Variant;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.StepReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules validate papers applies the same way to every row (the full run is `asyncrl validate papers`). */
class PaperValidationTest {

    private static SpecVariants paper(String file) throws Exception {
        Path p = PapersDir.find().resolve(file);
        return new SpecVariants(Files.readString(p, StandardCharsets.UTF_8), p.toString());
    }

    @Test
    void shouldOfferAsyncFlowSplitsOfEveryDeviceInHalfNodeStepsThatFitTheirTp() throws Exception {
        for (String file : List.of("asyncflow-7b-32.yaml", "asyncflow-7b-256.yaml", "asyncflow-32b-512.yaml")) {
            SpecVariants base = paper(file);
            var cluster = base.tree().path("cluster");
            int total = cluster.path("rollout").path("devices").asInt() + cluster.path("train").path("devices").asInt();
            List<Variant> candidates = AsyncFlowSplits.candidates(base);
            assertFalse(candidates.isEmpty(), file);
            List<Integer> rollout = new ArrayList<>();
            for (Variant v : candidates) {
                var c = v.spec().getCluster();
                assertEquals(total, c.getRollout().getDevices() + c.getTrain().getDevices(), file + " uses every device");
                assertEquals(0, c.getRollout().getDevices() % AsyncFlowSplits.GRANULE, file);
                assertEquals(0, c.getRollout().getDevices() % c.getRollout().getTp(), file);
                assertEquals(0, c.getTrain().getDevices() % c.getTrain().getTp(), file);
                // AsyncFlow: async, one step of staleness, no interruption, streaming minibatches
                assertEquals(AsyncMode.ASYNC, v.spec().getAsync().getMode());
                assertEquals(1, v.spec().getAsync().getMaxStaleness());
                assertFalse(v.spec().getAsync().getPartialRollout());
                assertTrue(v.spec().getAsync().getStreaming());
                rollout.add(c.getRollout().getDevices());
            }
            assertEquals(rollout.stream().distinct().sorted().toList(), rollout, file + ": distinct, ascending shares");
        }
        // 32 devices in steps of 8: 8+24, 16+16, 24+8
        assertEquals(List.of(8, 16, 24), AsyncFlowSplits.candidates(paper("asyncflow-7b-32.yaml")).stream()
                .map(v -> v.spec().getCluster().getRollout().getDevices()).toList());
    }

    @Test
    void shouldExtrapolateHoursFromTheSecondHalfOfTheSimulatedSteps() {
        // 8 steps: a slow warm-up of 1,000 s, then one step every 100 s
        List<StepReport> steps = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            long end = (1_000L + 100L * k) * 1_000_000L;
            steps.add(new StepReport(k, 0L, 0L, end, end, 1, 0, 1L, 1L, 1.0, 0.0, 0.0, 0));
        }
        RunResult r = new RunResult("x", "{}", steps, List.of(), List.of(), Duration.ZERO);
        // 1,700 s simulated + 242 further steps at 100 s
        assertEquals((1_700.0 + 242 * 100.0) / 3600.0, PaperValidation.hours(r, 250), 1e-9);
    }

    @Test
    void shouldCountOnlyThePublishedStepsWhenTheRunSimulatedMore() {
        // 80 steps: a first one of 1,000 s, 59 of 100 s, then 20 of 300 s; AReaL published 60 for the 32B row
        List<StepReport> steps = new ArrayList<>();
        for (int k = 0; k < 80; k++) {
            long end = (k < 60 ? 1_000L + 100L * k : 6_900L + 300L * (k - 59)) * 1_000_000L;
            steps.add(new StepReport(k, 0L, 0L, end, end, 1, 0, 1L, 1L, 1.0, 0.0, 0.0, 0));
        }
        RunResult r = new RunResult("x", "{}", steps, List.of(), List.of(), Duration.ZERO);
        assertEquals((1_000.0 + 59 * 100.0) / 3600.0, PaperValidation.hours(r, 60), 1e-9, "the end of step 60");
        assertEquals((6_900.0 + 20 * 300.0) / 3600.0, PaperValidation.hours(r, 80), 1e-9, "all of them, no extrapolation");
    }

    @Test
    void shouldSimulateEachAReaLRowForItsPublishedStepsAndAsyncFlowForItsFixedCount() throws Exception {
        for (Published.Areal a : Published.AREAL) {
            Variant v = PaperValidation.base(PapersDir.find(), a.spec(), PaperValidation.AREAL_FRAMEWORK, a.steps())
                    .variant(java.util.Map.of(), "x");
            assertEquals(a.steps(), v.spec().getAlgorithm().getSteps(), a.spec());
            assertEquals("areal", v.spec().getFramework().getName(), a.spec());
        }
        assertEquals(List.of(250, 250, 80, 60), Published.AREAL.stream().map(Published.Areal::steps).toList(),
                "AReaL Table 1's steps (shared/reference/papers.md)");
        for (Published.AsyncFlow f : Published.ASYNCFLOW) {
            Variant v = PaperValidation.base(PapersDir.find(), f.spec(), PaperValidation.VERL,
                    PaperValidation.ASYNCFLOW_STEPS).variant(java.util.Map.of(), "x");
            assertEquals(PaperValidation.ASYNCFLOW_STEPS, v.spec().getAlgorithm().getSteps(), f.spec());
        }
    }

    /**
     * The whole command (30 in-memory simulations, about half a minute here): every printed error is the
     * relative difference of the printed published and simulated figures, and the closing counts agree
     * with the rows above them.
     */
    @Test
    void shouldPrintErrorsAndCountsThatAgreeWithTheirOwnRows() throws Exception {
        String out = PaperValidation.report(PapersDir.find());
        // the counted tables end at the summary line; the calibrated hours below it are checked on their own
        String counted = out.substring(0, out.indexOf("\nspeedups: median"));
        java.util.regex.Matcher row = java.util.regex.Pattern.compile(
                "([0-9.]+)x? / +([0-9.]+)x? / +([+-][0-9]+)%").matcher(counted);
        List<Double> hoursErrors = new ArrayList<>();
        int hoursShorter = 0;
        while (row.find()) {
            double pub = Double.parseDouble(row.group(1));
            double sim = Double.parseDouble(row.group(2));
            double printed = Double.parseDouble(row.group(3));
            assertEquals(100 * (sim - pub) / pub, printed, 1.5, row.group());
            if (!row.group().contains("x")) {
                hoursErrors.add(Math.abs(printed));
                hoursShorter += sim < pub ? 1 : 0;
            }
        }
        java.util.regex.Matcher flow = java.util.regex.Pattern.compile(
                "\\| +([0-9.]+)x \\| +([0-9.]+)x \\| +([+-][0-9]+)%").matcher(out);
        while (flow.find()) {
            double pub = Double.parseDouble(flow.group(1));
            double sim = Double.parseDouble(flow.group(2));
            assertEquals(100 * (sim - pub) / pub, Double.parseDouble(flow.group(3)), 1.5, flow.group());
        }
        assertEquals(8, hoursErrors.size(), "two hours figures per AReaL row: " + out);
        calibratedHoursAgreeWithTheirRows(out, hoursErrors);
        arealV02AgreesWithItsRows(out);
        generationScalingAgreesWithItsRows(out);
        java.util.regex.Matcher counts = java.util.regex.Pattern.compile(
                "speedups: median \\|error\\| [0-9]+%, max [0-9]+%, ([0-9]+) of 11 within 15%; hours: median \\|error\\| "
                        + "[0-9]+%, max [0-9]+%, ([0-9]+) of 8 within 30%").matcher(out);
        assertTrue(counts.find(), out);
        // printed errors are rounded: a printed 30% may be 29.6% or 30.4%
        long within = Long.parseLong(counts.group(2));
        assertTrue(hoursErrors.stream().filter(e -> e < 30).count() <= within
                && within <= hoursErrors.stream().filter(e -> e <= 30).count(), counts.group() + " vs rows " + hoursErrors);
        assertTrue(out.contains("chose "), "each AsyncFlow row names its split: " + out);

        // what plan prints as its accuracy is what this run measured
        String recorded = String.format(java.util.Locale.ROOT, "speedups: median |error| %d%%, max %d%%, [0-9]+ of %d "
                + "within 15%%; hours: median |error| %d%%, max %d%%, [0-9]+ of %d within 30%%; shorter than published: %d",
                Accuracy.SPEEDUP_MEDIAN_PERCENT, Accuracy.SPEEDUP_MAX_PERCENT, Accuracy.SPEEDUP_ROWS,
                Accuracy.HOURS_MEDIAN_PERCENT, Accuracy.HOURS_MAX_PERCENT, Accuracy.HOURS_ROWS, Accuracy.HOURS_SHORTER);
        String measured = counts.group() + "; shorter than published: " + hoursShorter;
        assertTrue(measured.matches(recorded.replace("|", "\\|")), "validate papers now measures '" + measured
                + "': update io.asyncrl.jobs.accuracy.Accuracy (plan prints it) and docs/papers.md");
    }

    @Test
    void shouldMeasureErrorsRelativeToThePublishedFigure() {
        assertEquals(-25.0, PaperValidation.err(1.5, 2.0), 1e-12);
        assertEquals(10.0, PaperValidation.err(1.1, 1.0), 1e-9);
    }

    /** AReaL v0.2's section: one row per published run, each error that of its figures, and their median. */
    private static void arealV02AgreesWithItsRows(String out) {
        String section = out.substring(out.indexOf("\nAReaL v0.2 (synchronous realhf)"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "published +([0-9]+) \\| simulated +([0-9]+) \\| +([+-][0-9]+)%").matcher(section);
        List<Double> errors = new ArrayList<>();
        while (m.find()) {
            double pub = Double.parseDouble(m.group(1));
            double sim = Double.parseDouble(m.group(2));
            assertEquals(100 * (sim - pub) / pub, Double.parseDouble(m.group(3)), 0.51, m.group());
            errors.add(Math.abs(100 * (sim - pub) / pub));
        }
        assertEquals(ArealV02.ROWS.size(), errors.size(), section);
        java.util.regex.Matcher median = java.util.regex.Pattern.compile("median \\|error\\| ([0-9]+)%, max ([0-9]+)%")
                .matcher(section);
        assertTrue(median.find(), section);
        assertEquals(PaperValidation.median(errors), Double.parseDouble(median.group(1)), 0.51, section);
        // what plan prints of it is what this run measured
        assertEquals(Accuracy.SCALE_MEDIAN_PERCENT, Integer.parseInt(median.group(1)), "validate papers now measures "
                + median.group() + " on AReaL v0.2: update io.asyncrl.jobs.accuracy.Accuracy (plan prints it)");
        assertEquals(Accuracy.SCALE_MAX_PERCENT, Integer.parseInt(median.group(2)), median.group());
        assertEquals(Accuracy.SCALE_ROWS, errors.size());
    }

    /** The generation-scaling section: each relative figure and error is that of the row's own figures, and the median. */
    private static void generationScalingAgreesWithItsRows(String out) {
        String section = out.substring(out.indexOf("\nAReaL's synchronous generation, strong scaling"));
        section = section.substring(0, section.indexOf("relative throughput: median"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "([0-9]+) GPUs +\\| published +([0-9]+) \\| simulated +([0-9]+) tokens/s"
                        + "(?: \\| relative: published ([0-9.]+)x, simulated ([0-9.]+)x \\| +([+-][0-9]+)%)?").matcher(section);
        List<Double> errors = new ArrayList<>();
        double pubBase = 0;
        double simBase = 0;
        int rows = 0;
        while (m.find()) {
            double pub = Double.parseDouble(m.group(2));
            double sim = Double.parseDouble(m.group(3));
            if (rows++ == 0) {
                assertEquals(ArealGenerationScaling.BASE_GPUS, Integer.parseInt(m.group(1)), m.group());
                pubBase = pub;
                simBase = sim;
                continue;
            }
            assertEquals(pub / pubBase, Double.parseDouble(m.group(4)), 0.006, m.group());
            assertEquals(sim / simBase, Double.parseDouble(m.group(5)), 0.006, m.group());
            double e = 100 * (sim / simBase - pub / pubBase) / (pub / pubBase);
            assertEquals(e, Double.parseDouble(m.group(6)), 0.51, m.group());
            errors.add(Math.abs(e));
        }
        assertEquals(ArealGenerationScaling.ROWS.size(), rows, section);
        java.util.regex.Matcher median = java.util.regex.Pattern.compile(
                "relative throughput: median \\|error\\| ([0-9]+)%, max ([0-9]+)%").matcher(out);
        assertTrue(median.find(), out);
        assertEquals(PaperValidation.median(errors), Double.parseDouble(median.group(1)), 0.51, median.group());
        assertEquals(errors.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                Double.parseDouble(median.group(2)), 0.51, median.group());
    }

    @Test
    void shouldSimulateAReaLsGenerationScalingOnEveryGpuAtTp1() throws Exception {
        // blog/AReaL_v0_3.md Fig. 2: synchronous systems "distribute generation across all devices"
        List<Variant> v = ArealGenerationScaling.variants(PapersDir.find());
        assertEquals(List.of(8, 16, 32, 64, 128), v.stream().map(x -> x.spec().getCluster().getRollout().getDevices()).toList());
        for (Variant x : v) {
            var spec = x.spec();
            assertEquals(1, spec.getCluster().getRollout().getTp(), x.label());
            assertEquals(AsyncMode.SYNC, spec.getAsync().getMode());
            assertEquals(io.asyncrl.schemas.Placement.DISAGGREGATED, spec.getCluster().getPlacement());
            assertEquals("areal", spec.getFramework().getName().toString());
            assertEquals("r1-distill-qwen-1.5b", spec.getModel().getName().toString());
            assertEquals(ArealGenerationScaling.STEPS, spec.getAlgorithm().getSteps());
        }
    }

    @Test
    void shouldTimeGenerationFromTheWeightsBeingUsableToTheBatchBeingReady() {
        // step 0 generates 0..100 s (1M tokens), trains to 150 s, syncs to 152 s; step 1 generates 152..252 s (3M tokens)
        List<StepReport> steps = List.of(
                StepReport.newBuilder().setStep(0).setBatchReadyUs(100_000_000L).setStartUs(100_000_000L)
                        .setEndUs(150_000_000L).setAvailableUs(152_000_000L).setTrajectories(1).setDropped(0).setTokens(1)
                        .setResponseTokens(1_000_000L).setTrainSeconds(50).setSwitchOrSyncSeconds(2).setMeanStaleness(0)
                        .setMaxStaleness(0).build(),
                StepReport.newBuilder().setStep(1).setBatchReadyUs(252_000_000L).setStartUs(252_000_000L)
                        .setEndUs(300_000_000L).setAvailableUs(302_000_000L).setTrajectories(1).setDropped(0).setTokens(1)
                        .setResponseTokens(3_000_000L).setTrainSeconds(48).setSwitchOrSyncSeconds(2).setMeanStaleness(0)
                        .setMaxStaleness(0).build());
        // 4M tokens in 200 s of generation
        assertEquals(20_000.0, ArealGenerationScaling.generationTokensPerSecond(steps), 1e-9);
    }

    @Test
    void shouldRunAreaLV02AtItsPublishedLayouts() throws Exception {
        // examples/configs/*-distill/ppo-*-gpus-N.yaml at aff05c25: sglang.dN/2p1m1 + dN/4p2m1, synchronous
        List<Variant> v = ArealV02.variants(PapersDir.find());
        assertEquals(ArealV02.ROWS.size(), v.size());
        for (int i = 0; i < v.size(); i++) {
            var spec = v.get(i).spec();
            int gpus = ArealV02.ROWS.get(i).gpus();
            assertEquals(gpus / 2, spec.getCluster().getRollout().getDevices(), v.get(i).label());
            assertEquals(1, spec.getCluster().getRollout().getTp());
            assertEquals(gpus / 2, spec.getCluster().getTrain().getDevices());
            assertEquals(1, spec.getCluster().getTrain().getTp());
            assertEquals(2, spec.getCluster().getTrain().getPp());
            assertEquals(AsyncMode.SYNC, spec.getAsync().getMode());
            assertEquals(io.asyncrl.schemas.Placement.DISAGGREGATED, spec.getCluster().getPlacement());
            assertEquals("areal", spec.getFramework().getName().toString());
            assertEquals(512, spec.getAlgorithm().getPromptsPerStep());
            assertEquals(16, spec.getAlgorithm().getGroupSize());
            assertEquals(ArealV02.STEPS, spec.getAlgorithm().getSteps());
        }
    }

    /**
     * The calibrated hours section: each printed error is that of its printed figures, and its median line is the
     * median of the rows above it and of the uncalibrated AReaL hours (every second hours figure of the table).
     */
    private static void calibratedHoursAgreeWithTheirRows(String out, List<Double> hoursErrors) {
        String section = out.substring(out.indexOf("\nAReaL's hours calibrated on a synchronous run"));
        section = section.substring(0, section.indexOf("uncalibrated (the table above)"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "\\| ([0-9.]+), +([0-9.]+) / +([0-9.]+) / +([+-][0-9]+)%").matcher(section);
        List<Double> onSync = new ArrayList<>();
        List<Double> onVerl = new ArrayList<>();
        while (m.find()) {
            double pub = Double.parseDouble(m.group(2));
            double sim = Double.parseDouble(m.group(3));
            double printed = Double.parseDouble(m.group(4));
            assertTrue(Double.parseDouble(m.group(1)) > 0.1, m.group());
            assertEquals(100 * (sim - pub) / pub, printed, 1.5, m.group());
            (onSync.size() == onVerl.size() ? onSync : onVerl).add(Math.abs(printed));
        }
        assertEquals(4, onSync.size(), section);
        assertEquals(4, onVerl.size(), section);
        List<Double> uncalibrated = new ArrayList<>();
        for (int i = 1; i < hoursErrors.size(); i += 2) {
            uncalibrated.add(hoursErrors.get(i));
        }
        java.util.regex.Matcher medians = java.util.regex.Pattern.compile("median \\|error\\|: ([0-9]+)% calibrated on "
                + "synchronous AReaL, ([0-9]+)% on verl, ([0-9]+)% $").matcher(section);
        assertTrue(medians.find(), section);
        assertEquals(medianOf(onSync), Double.parseDouble(medians.group(1)), 1.01, section);
        assertEquals(io.asyncrl.jobs.accuracy.Accuracy.CALIBRATED_HOURS_MEDIAN_PERCENT, Integer.parseInt(medians.group(1)),
                "validate papers now measures the calibrated hours at " + medians.group(1) + "%: update "
                        + "io.asyncrl.jobs.accuracy.Accuracy (plan prints it) and docs/papers.md");
        assertEquals(medianOf(onVerl), Double.parseDouble(medians.group(2)), 1.01, section);
        assertEquals(medianOf(uncalibrated), Double.parseDouble(medians.group(3)), 1.01, section);
    }

    private static double medianOf(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return (s.get((s.size() - 1) / 2) + s.get(s.size() / 2)) / 2;
    }
}
