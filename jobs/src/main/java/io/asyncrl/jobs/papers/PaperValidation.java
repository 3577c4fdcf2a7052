package io.asyncrl.jobs.papers;

import io.asyncrl.jobs.compare.Comparison;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.Variant;
import io.asyncrl.jobs.compare.VariantMetrics;
import io.asyncrl.jobs.compare.VariantSets;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.schemas.StepReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code asyncrl validate papers}: runs the specs under examples/papers/ with the in-memory pipeline
 * (the same stage code as the Flink job) and prints published vs simulated for AReaL Table 1 and
 * AsyncFlow. Each AReaL run simulates the steps AReaL published for it, so its hours are its simulated time (not 8
 * steps extrapolated: docs/papers.md, What changed 18); AsyncFlow's runs {@link #ASYNCFLOW_STEPS}. Nothing is tuned
 * per row: every math row uses the math length profile and every code row the code profile (docs/papers.md).
 */
public final class PaperValidation {
    /** Goals of issue 4: speedups within 15%, absolute hours within 30%. */
    static final double SPEEDUP_GOAL = 0.15;
    static final double HOURS_GOAL = 0.30;

    /**
     * Steps simulated per AsyncFlow run (AsyncFlow publishes throughput, not a step count): its rows at 40 and at 80
     * steps agree within 2% (docs/papers.md, What changed 18), while at 8 steps its asynchronous runs had not left
     * their start-up.
     */
    static final int ASYNCFLOW_STEPS = 40;
    /**
     * One framework profile per system, the same for every row (io.asyncrl.hw.FrameworkProfiles): verl for the
     * synchronous colocated baseline, areal for AReaL and synchronous AReaL, asyncflow for AsyncFlow and its ablation.
     */
    static final String VERL = "verl";
    static final String AREAL_FRAMEWORK = "areal";
    static final String ASYNCFLOW_FRAMEWORK = "asyncflow";
    static final String ABLATION_SPEC = "asyncflow-7b-512.yaml";

    private PaperValidation() {}

    public static String report(Path papersDir) throws Exception {
        long t0 = System.nanoTime();
        Map<String, List<Variant>> variants = new LinkedHashMap<>();
        List<Variant> all = new ArrayList<>();
        for (Published.Areal a : Published.AREAL) {
            SpecVariants areal = base(papersDir, a.spec(), AREAL_FRAMEWORK, a.steps());
            int eta = areal.tree().path("async").path("max_staleness").asInt();
            List<Variant> v = new ArrayList<>(
                    VariantSets.modes(base(papersDir, a.spec(), VERL, a.steps()), List.of("sync"), List.of()));
            v.addAll(VariantSets.modes(areal, List.of("sync-disaggregated", "async"), List.of(eta)));
            variants.put(a.spec(), v);
        }
        variants.values().forEach(all::addAll);
        // AsyncFlow: first its split, by simulation (as its resource layer does), then the rows on that split.
        Map<String, List<Variant>> splits = new LinkedHashMap<>();
        List<String> asyncFlowSpecs = new ArrayList<>(Published.ASYNCFLOW.stream().map(Published.AsyncFlow::spec).toList());
        ScalingLinearity.specs().stream().filter(f -> !asyncFlowSpecs.contains(f)).forEach(asyncFlowSpecs::add);
        for (String f : asyncFlowSpecs) {
            List<Variant> candidates = AsyncFlowSplits.candidates(base(papersDir, f, ASYNCFLOW_FRAMEWORK, ASYNCFLOW_STEPS));
            splits.put(f, candidates);
            all.addAll(candidates);
        }
        List<Variant> v02 = ArealV02.variants(papersDir);
        all.addAll(v02);
        List<Variant> generation = ArealGenerationScaling.variants(papersDir);
        all.addAll(generation);
        Map<Variant, RunResult> byVariant = new LinkedHashMap<>();
        runAll(all, byVariant);
        Map<String, Variant> chosen = new LinkedHashMap<>();
        Map<String, Double> fastest = new LinkedHashMap<>();
        for (String f : asyncFlowSpecs) {
            Variant best = null;
            for (Variant c : splits.get(f)) {
                if (best == null || tps(c, byVariant.get(c)) > tps(best, byVariant.get(best))) {
                    best = c;
                }
            }
            chosen.put(f, best);
            fastest.put(f, tps(best, byVariant.get(best)));
        }
        List<Variant> rows = new ArrayList<>();
        for (Published.AsyncFlow f : Published.ASYNCFLOW) {
            Variant best = chosen.get(f.spec());
            SpecVariants base = base(papersDir, f.spec(), ASYNCFLOW_FRAMEWORK, ASYNCFLOW_STEPS);
            List<Variant> v = new ArrayList<>(
                    VariantSets.modes(base(papersDir, f.spec(), VERL, ASYNCFLOW_STEPS), List.of("sync"), List.of()));
            if (f.spec().equals(ABLATION_SPEC)) {
                int r = best.spec().getCluster().getRollout().getDevices();
                int t = best.spec().getCluster().getTrain().getDevices();
                v.add(AsyncFlowSplits.variant(base, r, t, "sync", false, "task-separated-sync"));
                v.add(AsyncFlowSplits.variant(base, r, t, "sync", true, "task-separated-sync-streaming"));
            }
            v.add(best);
            variants.put(f.spec(), v);
            v.stream().filter(x -> !byVariant.containsKey(x)).forEach(rows::add);
        }
        runAll(rows, byVariant);
        CalibratedHours.Runs calibrated = CalibratedHours.rows(variants);
        double wall = (System.nanoTime() - t0) / 1e9;

        StringBuilder b = new StringBuilder();
        b.append("Reproducing AReaL (arXiv 2505.24298) Table 1 and AsyncFlow (arXiv 2507.01663) with the specs in ")
                .append(papersDir).append('\n');
        b.append("Length profiles (one per data set, the same for every row; evidence in docs/papers.md):\n");
        b.append("  math: ").append(workload(papersDir, "areal-1.5b-math.yaml")).append('\n');
        b.append("  code: ").append(workload(papersDir, "areal-14b-code.yaml")).append('\n');
        b.append("Modes: verl = sync colocated on all devices, framework verl; synchronous AReaL = sync, 3/4 generate and\n")
                .append("  1/4 train, framework areal; AReaL = async, eta 8 (math) / 4 (code), interruptible (partial_rollout),\n")
                .append("  framework areal; GRPO-style PPO without critic. Framework profiles: asyncrl frameworks, docs/papers.md.\n");
        List<String> simulatedSteps = Published.AREAL.stream()
                .map(a -> String.valueOf(stepsOf(byVariant, variants.get(a.spec()).get(0)))).toList();
        b.append("Steps: each AReaL run simulates the steps AReaL published for it (")
                .append(String.join(", ", simulatedSteps))
                .append("), so its hours are its simulated time;\n  AsyncFlow publishes no step count: its runs simulate ")
                .append(ASYNCFLOW_STEPS).append(" steps.\n\n");

        List<Double> speedupErrors = new ArrayList<>();
        List<Double> hoursErrors = new ArrayList<>();
        List<Double> arealHoursErrors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        b.append("AReaL Table 1                 | sync AReaL h (pub / sim / err) | AReaL h (pub / sim / err) | "
                + "speedup vs sync (pub / sim / err) | vs verl (pub / sim / err)\n");
        for (Published.Areal a : Published.AREAL) {
            List<Variant> v = variants.get(a.spec());
            RunResult verl = byVariant.get(v.get(0));
            RunResult sync = byVariant.get(v.get(1));
            RunResult async = byVariant.get(v.get(2));
            double verlH = hours(verl, a.steps());
            double syncH = hours(sync, a.steps());
            double arealH = hours(async, a.steps());
            double speedup = syncH / arealH;
            double pubSpeedup = a.syncH() / a.arealH();
            double vsVerl = verlH / arealH;
            double pubVsVerl = a.verlH() / a.arealH();
            b.append(String.format(Locale.ROOT, "%-29s | %5.1f / %5.1f / %+5.0f%%     | %5.1f / %5.1f / %+5.0f%%  | "
                    + "%5.2fx / %5.2fx / %+5.0f%%        | %5.2fx / %5.2fx / %+4.0f%%%n",
                    a.spec().replace(".yaml", ""), a.syncH(), syncH, err(syncH, a.syncH()), a.arealH(), arealH,
                    err(arealH, a.arealH()), pubSpeedup, speedup, err(speedup, pubSpeedup), pubVsVerl, vsVerl,
                    err(vsVerl, pubVsVerl)));
            speedupErrors.add(Math.abs(err(speedup, pubSpeedup)));
            hoursErrors.add(Math.abs(err(syncH, a.syncH())));
            hoursErrors.add(Math.abs(err(arealH, a.arealH())));
            arealHoursErrors.add(Math.abs(err(arealH, a.arealH())));
            note(notes, a.spec(), "speedup vs synchronous AReaL", speedup, pubSpeedup, SPEEDUP_GOAL, v.get(1), sync, v.get(2), async);
            hoursNote(notes, a.spec(), "synchronous AReaL hours", syncH, a.syncH(), v.get(1), sync);
            hoursNote(notes, a.spec(), "AReaL hours", arealH, a.arealH(), v.get(2), async);
        }

        b.append("\nAsyncFlow = async, eta 1, no interruption, streaming minibatches (async.streaming); its split is not published\n")
                .append("  and AsyncFlow sizes its pools by simulation, so each row simulates rollout shares ")
                .append(AsyncFlowSplits.shares()).append(" of the devices\n  and keeps the fastest (trained tokens/s):\n");
        for (String f : asyncFlowSpecs) {
            StringBuilder line = new StringBuilder();
            for (Variant c : splits.get(f)) {
                line.append(String.format(Locale.ROOT, " %d+%d: %.0f", c.spec().getCluster().getRollout().getDevices(),
                        c.spec().getCluster().getTrain().getDevices(), tps(c, byVariant.get(c))));
            }
            Variant best = chosen.get(f);
            b.append(String.format(Locale.ROOT, "  %-14s chose %d rollout + %d train;%s%n", AsyncFlowSplits.label(f),
                    best.spec().getCluster().getRollout().getDevices(), best.spec().getCluster().getTrain().getDevices(), line));
        }
        b.append("\nAsyncFlow, speedup over verl  | published | simulated | error\n");
        double sum = 0;
        for (Published.AsyncFlow f : Published.ASYNCFLOW) {
            List<Variant> v = variants.get(f.spec());
            RunResult verl = byVariant.get(v.get(0));
            RunResult async = byVariant.get(v.get(v.size() - 1));
            double speedup = tps(v.get(v.size() - 1), async) / tps(v.get(0), verl);
            sum += speedup;
            b.append(String.format(Locale.ROOT, "%-29s | %8.2fx | %8.2fx | %+5.0f%%%n", f.label(), f.speedup(), speedup,
                    err(speedup, f.speedup())));
            speedupErrors.add(Math.abs(err(speedup, f.speedup())));
            note(notes, f.spec(), "speedup over verl", speedup, f.speedup(), SPEEDUP_GOAL, v.get(0), verl,
                    v.get(v.size() - 1), async);
        }
        double mean = sum / Published.ASYNCFLOW.size();
        b.append(String.format(Locale.ROOT, "%-29s | %8.2fx | %8.2fx | %+5.0f%%   (published mean is over all their scales)%n",
                "mean of the rows above", Published.ASYNCFLOW_MEAN, mean, err(mean, Published.ASYNCFLOW_MEAN)));
        speedupErrors.add(Math.abs(err(mean, Published.ASYNCFLOW_MEAN)));

        List<Variant> ab = variants.get(ABLATION_SPEC);
        double base = tps(ab.get(1), byVariant.get(ab.get(1)));
        double streaming = tps(ab.get(2), byVariant.get(ab.get(2))) / base;
        double async = tps(ab.get(3), byVariant.get(ab.get(3))) / base;
        b.append("\nAsyncFlow ablation, 7B on 512 NPUs, over the sequential task-separated baseline (sync on the chosen split)\n");
        b.append(String.format(Locale.ROOT, "  + streaming data plane (sync, streaming)      | published 2.01x | simulated %.2fx | %+5.0f%%%n",
                streaming, err(streaming, 2.01)));
        b.append(String.format(Locale.ROOT, "  + async workflow (async eta 1, streaming)     | published 2.74x | simulated %.2fx | %+5.0f%%%n",
                async, err(async, 2.74)));
        speedupErrors.add(Math.abs(err(streaming, 2.01)));
        speedupErrors.add(Math.abs(err(async, 2.74)));
        if (Math.abs(err(streaming, 2.01)) > SPEEDUP_GOAL * 100 || Math.abs(err(async, 2.74)) > SPEEDUP_GOAL * 100) {
            // What overlap can give at most: the sequential step is generation + training; hiding all of the
            // shorter phase behind the longer leaves the longer one.
            double[] st = steadyStepAndTraining(byVariant.get(ab.get(1)).steps());
            double step = st[0];
            double train = st[1];
            double gen = Math.max(0, step - train);
            notes.add(String.format(Locale.ROOT, "ablation: the sequential baseline's steady step is %.0f s, %.0f s of it "
                    + "training and %.0f s generation and sync, so overlapping the two phases gains at most %.2fx; the "
                    + "published 2.01x for streaming alone implies the phases were about equal in AsyncFlow's run. Its batch, "
                    + "minibatches and response lengths are not published (AReaL's math setting is used: 4 PPO "
                    + "minibatches, whose updates are sequential, so the last one always follows the tail)", step, train,
                    gen, step / Math.max(train, gen)));
        }

        b.append(String.format(Locale.ROOT, "%nspeedups: median |error| %.0f%%, max %.0f%%, %d of %d within 15%%; "
                + "hours: median |error| %.0f%%, max %.0f%%, %d of %d within 30%%%n",
                median(speedupErrors), max(speedupErrors), within(speedupErrors, 15), speedupErrors.size(),
                median(hoursErrors), max(hoursErrors), within(hoursErrors, 30), hoursErrors.size()));
        b.append(ScalingLinearity.section(fastest));
        b.append(CalibratedHours.section(calibrated.rows(), arealHoursErrors));
        b.append(ArealV02.section(v02, x -> tps(x, byVariant.get(x))));
        b.append(ArealGenerationScaling.section(generation, byVariant::get));
        if (!notes.isEmpty()) {
            b.append("\nRows outside the goal and the modelling assumption most likely responsible:\n");
            notes.forEach(n -> b.append("  - ").append(n).append('\n'));
        }
        b.append(String.format(Locale.ROOT, "%nsimulated %d runs (and %d more for the calibrated hours) in %.0f s with the "
                + "in-memory pipeline, the same stage code as the Flink job%n", all.size(), calibrated.simulations(), wall));
        return b.toString();
    }

    private static void runAll(List<Variant> variants, Map<Variant, RunResult> into) throws Exception {
        List<RunResult> results = Comparison.inMemory(variants, false);
        for (int i = 0; i < variants.size(); i++) {
            into.put(variants.get(i), results.get(i));
        }
    }

    private static SpecVariants base(Path dir, String file) throws IOException {
        Path p = dir.resolve(file);
        return new SpecVariants(Files.readString(p, StandardCharsets.UTF_8), p.toString());
    }

    /**
     * The spec with {@code framework} set, whatever the file says, simulated for {@code steps} steps: every variant of a
     * system runs that system's profile (the AReaL and AsyncFlow specs name their own, last, so run and bench simulate
     * what is validated), for the steps of the published run.
     */
    static SpecVariants base(Path dir, String file, String framework, int steps) throws IOException {
        return base(dir, file).withTopLevel("framework", framework)
                .withSetting("algorithm.steps", String.valueOf(steps));
    }

    private static String workload(Path dir, String file) throws IOException {
        var w = base(dir, file).tree().path("workload");
        return "prompt " + w.path("prompt_tokens") + ", response " + w.path("response_tokens") + ", reward " + w.path("reward");
    }

    private static int stepsOf(Map<Variant, RunResult> runs, Variant v) {
        return runs.get(v).steps().size();
    }

    /**
     * Hours of the first {@code publishedSteps} steps: the simulated time at the end of that step when the run got
     * there (validate papers simulates the published steps), else the simulated time plus the remaining steps at the
     * steady-state step time (the mean over the second half of the simulated steps).
     */
    static double hours(RunResult r, int publishedSteps) {
        int n = r.steps().size();
        if (n >= publishedSteps) {
            return r.steps().get(publishedSteps - 1).getEndUs() / 1e6 / 3600.0;
        }
        double simulated = r.steps().get(n - 1).getEndUs() / 1e6;
        double steady = VariantMetrics.steadyStepSeconds(r.steps(), n / 2);
        return (simulated + (publishedSteps - n) * steady) / 3600.0;
    }

    private static double tps(Variant v, RunResult r) {
        return VariantMetrics.of(v.spec(), r).trainedTokensPerSecond();
    }

    static double err(double simulated, double published) {
        return 100.0 * (simulated - published) / published;
    }

    private static void note(List<String> notes, String spec, String what, double sim, double pub, double goal,
            Variant baseV, RunResult baseR, Variant asyncV, RunResult asyncR) {
        if (Math.abs(sim - pub) / pub <= goal) {
            return;
        }
        VariantMetrics a = VariantMetrics.of(asyncV.spec(), asyncR);
        VariantMetrics s = VariantMetrics.of(baseV.spec(), baseR);
        String why;
        boolean rolloutBusy = a.utilizationRollout() > 0.85;
        boolean trainBusy = a.utilizationTrain() > 0.85;
        String busy = String.format(Locale.ROOT, "rollout busy %.0f%%, training %.0f%%", 100 * a.utilizationRollout(),
                100 * a.utilizationTrain());
        String baseBusy = String.format(Locale.ROOT, "baseline devices busy: rollout %.0f%%, training %.0f%%",
                100 * s.utilizationRollout(), 100 * s.utilizationTrain());
        if (sim < pub && rolloutBusy && trainBusy) {
            why = "the asynchronous run keeps both pools busy (" + busy + "), so it runs at the hardware model's throughput "
                    + "and the gap is in the baseline (" + baseBusy + "), which idles less than the real one: "
                    + "per-step costs of a synchronous framework beyond its profile's mechanics (offload, gather, eager "
                    + "small-batch decode and the driver's reward loop are priced) that grow with scale, such as moving "
                    + "the padded batch through one controller, are not modelled";
        } else if (sim < pub && rolloutBusy) {
            why = "the asynchronous run is generation-bound (" + busy + "): its ceiling is the rollout decode model "
                    + "(memory-bandwidth efficiency at large batches) and the profile's mean length";
        } else if (sim < pub && trainBusy) {
            why = "the asynchronous run is training-bound (" + busy + "): its ceiling is the training-time model "
                    + "(an MFU fitted on pretraining rows), while the baseline (" + baseBusy + ") idles less than the real one";
        } else if (sim < pub) {
            why = "the baseline idles less than in the paper (" + baseBusy + "): the profile's long tail (sigma) is likely "
                    + "lighter than the real one, or the baseline's switch/sync costs are underestimated";
        } else if (trainBusy) {
            why = "the asynchronous run is training-bound and the training-time model is optimistic relative to the baseline";
        } else {
            why = "the baseline loses more to the long tail and phase switches than in the paper (" + baseBusy + "): the "
                    + "profile's tail may be heavier than the real one, or the colocated switch cost too high";
        }
        notes.add(String.format(Locale.ROOT, "%s, %s %.2fx vs %.2fx published: %s.", spec.replace(".yaml", ""), what, sim, pub, why));
    }

    private static void hoursNote(List<String> notes, String spec, String what, double sim, double pub, Variant v,
            RunResult r) {
        if (Math.abs(sim - pub) / pub <= HOURS_GOAL) {
            return;
        }
        // Where the simulated step goes, so the note can say which phase would have to change.
        double[] st = steadyStepAndTraining(r.steps());
        double step = st[0];
        double train = st[1];
        VariantMetrics m = VariantMetrics.of(v.spec(), r);
        String where = v.spec().getAsync().getMode() == io.asyncrl.schemas.AsyncMode.SYNC
                ? String.format(Locale.ROOT, "its simulated step is %.0f s: %.0f s training, %.0f s generating the batch "
                        + "(to its longest answer) and syncing", step, train, Math.max(0, step - train))
                : String.format(Locale.ROOT, "its simulated step is %.0f s with rollout %.0f%% and training %.0f%% busy, "
                        + "%.0f s of training per step", step, 100 * m.utilizationRollout(), 100 * m.utilizationTrain(), train);
        notes.add(String.format(Locale.ROOT, "%s, %s %.1f vs %.1f published: %s; %s.", spec.replace(".yaml", ""), what, sim,
                pub, where, sim < pub ? "the hardware model is optimistic in absolute terms for that phase (ideal kernels, "
                        + "no framework or scheduling overhead), or the length profile is too short"
                        : "the hardware model is pessimistic in absolute terms for that phase, or the length profile is too long"));
    }

    /** {steady step seconds, mean training seconds per step} over the second half of the steps, as hours uses. */
    static double[] steadyStepAndTraining(List<StepReport> steps) {
        int half = steps.size() / 2;
        double train = 0;
        for (int i = half + 1; i < steps.size(); i++) {
            train += steps.get(i).getTrainSeconds();
        }
        train /= Math.max(1, steps.size() - half - 1);
        return new double[] {VariantMetrics.steadyStepSeconds(steps, half), train};
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n == 0 ? 0 : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static long within(List<Double> xs, double pct) {
        return xs.stream().filter(x -> x <= pct).count();
    }
}
