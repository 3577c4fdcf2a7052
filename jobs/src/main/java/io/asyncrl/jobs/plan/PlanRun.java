package io.asyncrl.jobs.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.asyncrl.jobs.accuracy.Accuracy;
import io.asyncrl.jobs.compare.SettledSteps;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.WhatIf;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;

/**
 * What {@code asyncrl plan SPEC --devices N [--max-staleness K] [--steps S] [--threads T] [--budget-minutes M]
 * [--out DIR] [--confirm]} does once its options are read. It prints a progress line per simulated candidate to
 * {@code err}; with {@code outDir}, plan.txt and plan.json go there. With {@code confirm}, the recommended configuration
 * and the runner-up run again on Flink + Kafka ({@link PlanConfirmation}); a Flink result that differs from
 * the in-memory one exits with 1. Bad values throw IllegalArgumentException before anything is planned.
 *
 * @param threads simulation threads
 * @param outDir where plan.txt, plan.json and (with confirm) the confirmed runs' files go, or null
 */
public record PlanRun(Path spec, int devices, int maxStaleness, int steps, int threads, int budgetMinutes,
        boolean confirm, Path outDir) {
    /** The files a plan writes to its folder, which {@code plan --out} keeps unless {@code --force}. */
    public static final List<String> OUTPUTS = List.of(PlanConfirmation.PLAN_FILE, PlanJson.FILE, WhatIf.FILE,
            RecommendedSpec.FILE);

    public int run(PrintStream out, PrintStream err) throws Exception {
        check(spec, List.of(devices), steps, outDir);
        String text = Files.readString(spec, StandardCharsets.UTF_8);
        SpecVariants base = new SpecVariants(text, spec.toString());
        err.println("asyncrl: planning " + spec + " on " + devices + " devices, staleness at most " + maxStaleness);
        Planner.Result r = new Planner(base, devices, maxStaleness, steps, threads, budgetMinutes * 60.0)
                .progress(line -> err.println("asyncrl: " + line)).search();
        ExperimentSpec parsed = SpecLoader.parse(text, spec.toString(), "pending");
        String table = render(r, devices, maxStaleness) + thresholdNote(base) + Accuracy.deviceNote(parsed);
        PlanRobustness robustness = null;
        if (!r.simulated().isEmpty()) {
            err.println("asyncrl: robustness reruns: " + PlanRobustness.chosen(r, devices).size() + " configurations, "
                    + PlanRobustness.steps(r, devices) + " steps each, as they are and with generation, then training, "
                    + Math.round((PlanRobustness.SLOWDOWN - 1) * 100) + "% slower");
            robustness = PlanRobustness.of(r, devices, spec.toString(), threads);
            table += robustness.lines();
        }
        WhatIf whatIf = null;
        if (!r.simulated().isEmpty()) {
            // as many steps as the recommendation's settled figure, so that "as is" repeats it; one bound more for the
            // staleness row
            int whatIfSteps = SettledSteps.of(r.simulatedSteps(), r.best().eta + 1);
            err.println("asyncrl: what-if reruns of the recommendation (" + whatIfSteps + " steps each)");
            whatIf = WhatIf.of(new SpecVariants(r.best().variant.yaml(), spec.toString()), whatIfSteps);
            table += "\n" + whatIf.table();
        }
        out.print(table);
        out.flush();
        if (outDir != null) {
            writePlan(outDir, table);
            Files.writeString(outDir.resolve(PlanJson.FILE), PlanJson.of(r, spec.toString(), devices, maxStaleness, robustness,
                    parsed), StandardCharsets.UTF_8);
            if (whatIf != null) {
                whatIf.write(outDir);
            }
            Path recommended = outDir.resolve(RecommendedSpec.FILE);
            if (!r.simulated().isEmpty()) {
                Files.writeString(recommended, RecommendedSpec.text(base, r, spec.toString(), devices, recommended.toString()),
                        StandardCharsets.UTF_8);
            }
            if (!confirm) {
                out.println("wrote " + outDir.resolve(PlanConfirmation.PLAN_FILE) + ", " + PlanJson.FILE
                        + (whatIf != null ? ", " + WhatIf.FILE : "")
                        + (r.simulated().isEmpty() ? "" : " and " + RecommendedSpec.FILE + " (run it: ./asyncrl run "
                        + recommended + " --out DIR)"));
            }
        }
        if (!confirm) {
            return 0;
        }
        int specSteps = parsed.getAlgorithm().getSteps();
        return confirm(r, table, specSteps, outDir, out, err);
    }

    /** Reruns the recommended and runner-up candidates on Flink + Kafka; 1 if a result differs from the in-memory one. */
    private static int confirm(Planner.Result r, String table, int specSteps, Path outDir, PrintStream out,
            PrintStream err) throws Exception {
        List<Candidate> chosen = PlanConfirmation.chosen(r);
        if (chosen.isEmpty()) {
            out.println("\nnothing to confirm on Flink: no configuration was simulated");
            writePlan(outDir, table);
            return 0;
        }
        err.println("asyncrl: confirming " + chosen.size() + " configuration" + (chosen.size() == 1 ? "" : "s")
                + " on Flink + Kafka as concurrent experiments of one pipeline job (embedded Kafka broker, Flink "
                + "MiniCluster), " + r.simulatedSteps() + " steps each");
        PlanConfirmation confirmation = PlanConfirmation.run(chosen, RunOptions.defaults());
        String confirmed = confirmation.render(specSteps, r.simulatedSteps());
        out.print(confirmed);
        if (outDir != null) {
            confirmation.write(outDir);
            writePlan(outDir, table + confirmed);
            out.println("wrote " + outDir.resolve(PlanConfirmation.PLAN_FILE) + ", " + PlanJson.FILE + " and the Flink runs' summary.json, "
                    + "steps.arrow, trajectories.arrow and spec.yaml in " + String.join(" and ", PlanConfirmation.ROLES
                    .subList(0, chosen.size()).stream().map(role -> outDir.resolve(role) + "/").toList()));
        }
        return confirmation.identical() ? 0 : 1;
    }

    /** plan's values, checked before any search: a message naming the flag and the fix. */
    static void check(Path spec, List<Integer> devices, int steps, Path outDir) {
        if (outDir != null && Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new IllegalArgumentException("--out " + outDir + " is a file, not a folder: name a new or existing folder");
        }
        for (int n : devices) {
            if (n < 2) {
                throw new IllegalArgumentException("plan needs --devices N (at least 2)"
                        + (devices.size() > 1 ? ", got " + n : ""));
            }
        }
        if (new java.util.HashSet<>(devices).size() != devices.size()) {
            throw new IllegalArgumentException("--devices lists a count twice: " + devices + "; give each count once");
        }
        if (steps < 2) {
            throw new IllegalArgumentException("--steps must be at least 2");
        }
        if (!Files.isRegularFile(spec)) {
            throw new IllegalArgumentException("spec file not found: " + spec);
        }
    }

    /**
     * A line saying that the spec's fractional staleness threshold was not searched (each candidate runs the
     * integer bound eta in its place), or "" when the spec has none.
     */
    static String thresholdNote(SpecVariants base) {
        JsonNode async = base.tree().path("async");
        JsonNode threshold = async.path("staleness_threshold");
        int updatesPerSync = async.path("updates_per_sync").asInt(1);
        String note = "";
        if (threshold.isNumber()) {
            note += "note: the spec's async.staleness_threshold (" + threshold.asText() + ", verl's fractional bound) is "
                    + "not searched: every split candidate runs without it, bounded by the eta shown (async.max_staleness); "
                    + "run or compare a configuration with the threshold to see it as the spec has it\n";
        }
        if (updatesPerSync > 1) {
            note += "note: async.updates_per_sync is " + updatesPerSync + ", so a split candidate's trained samples may be up "
                    + "to " + updatesPerSync + " x (1 + eta) - 1 versions old, not eta (the stale avg column is their mean)\n";
        }
        return note;
    }

    private static void writePlan(Path outDir, String text) throws IOException {
        if (outDir != null) {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve(PlanConfirmation.PLAN_FILE), text, StandardCharsets.UTF_8);
        }
    }

    static String render(Planner.Result r, int devices, int maxStaleness) {
        return render(r, devices, maxStaleness, true);
    }

    /** As {@link #render(Planner.Result, int, int)}; without the accuracy lines when a caller prints them once. */
    static String render(Planner.Result r, int devices, int maxStaleness, boolean accuracy) {
        StringBuilder b = new StringBuilder();
        if (r.simulated().isEmpty()) {
            b.append("no configuration of ").append(devices).append(" devices fits memory (").append(r.unfit())
                    .append(" of ").append(r.considered()).append(" refused by the spec validator)\n");
            return b.toString();
        }
        Candidate best = r.best();
        b.append(String.format(Locale.ROOT, "recommended: %s -> %.0f trained tokens/s (steady state), step %.1f s, "
                + "mean staleness %.2f%n", best.config(), best.simulated, best.stepSeconds, best.stalenessMean));
        b.append(PlanBottleneck.of(best.summaryJson).line()).append('\n');
        b.append(String.format(Locale.ROOT, "(throughputs within %.0f%% count as a tie: the lower staleness bound wins, "
                + "then the fewer devices)%n", PlanRanking.TIE * 100));
        if (accuracy) {
            b.append(Accuracy.lines());
        }
        b.append("\nPareto front, throughput vs staleness bound (best simulated at each bound that improves on smaller ones):\n");
        table(b, r.pareto());
        List<Candidate> top = r.simulated().stream().limit(6).toList();
        b.append("\nrunner-up configurations:\n");
        table(b, top);
        b.append(String.format(Locale.ROOT, "%nsimulated %d of %d candidates in %.1f s with the in-memory pipeline, the "
                + "same stage code as the Flink job (%d steps each, throughput over the second half); %d did not fit "
                + "memory or the spec's rules, %d were pruned by the analytic bound or not reached (staleness ceiling %d)%n",
                r.simulatedCount(), r.considered(), r.seconds(), r.simulatedSteps(), r.unfit(),
                r.candidates().size() - r.simulatedCount(), maxStaleness));
        if (r.settledCount() > 0) {
            b.append(String.format(Locale.ROOT, "settled: %d candidates (until the first %d and the best at each staleness "
                    + "bound were all settled) ran again over %s steps, past their pipeline's fill, and the tables above "
                    + "show those runs (over %d steps an asynchronous run's second half still drains the batches it admitted "
                    + "ahead, and its figure is too high); candidates the settled figures no longer pruned were simulated "
                    + "too%n", r.settledCount(), Planner.SETTLE_TOP, settledSteps(r), r.simulatedSteps()));
        }
        if (r.budgetReached()) {
            b.append("the time budget ran out before every surviving candidate was simulated: the unsimulated ones "
                    + "had the lowest bounds (--budget-minutes raises it)\n");
        }
        return b.toString();
    }

    /** The settled runs' step counts, e.g. "24" or "24 to 36". */
    private static String settledSteps(Planner.Result r) {
        IntSummaryStatistics st = r.candidates().stream().filter(c -> c.settledSteps > 0)
                .mapToInt(c -> c.settledSteps).summaryStatistics();
        return st.getMin() == st.getMax() ? String.valueOf(st.getMin()) : st.getMin() + " to " + st.getMax();
    }

    private static void table(StringBuilder b, List<Candidate> cs) {
        b.append(String.format(Locale.ROOT, "  %-10s %-8s %-8s %-8s %-8s %4s %14s %14s %10s %10s%n", "placement", "rollout",
                "r tp", "train", "t tp", "eta", "trained tok/s", "bound tok/s", "step s", "stale avg"));
        for (Candidate c : cs) {
            b.append(String.format(Locale.ROOT, "  %-10s %-8d %-8d %-8d %-8d %4d %14.0f %14.0f %10.1f %10.2f%n",
                    c.colocated ? "colocated" : "split", c.rolloutDevices, c.rolloutTp, c.trainDevices, c.trainTp, c.eta,
                    c.simulated, c.bound, c.stepSeconds, c.stalenessMean));
        }
    }
}
