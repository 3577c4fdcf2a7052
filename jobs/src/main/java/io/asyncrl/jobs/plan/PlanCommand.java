package io.asyncrl.jobs.plan;

import io.asyncrl.jobs.compare.SpecVariants;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/** {@code asyncrl plan SPEC --devices N [--max-staleness K] [--steps S] [--threads T]}. Bad usage throws IllegalArgumentException. */
public final class PlanCommand {
    private PlanCommand() {}

    public static int plan(Deque<String> a, PrintStream out, PrintStream err) throws Exception {
        if (a.isEmpty()) {
            throw new IllegalArgumentException("missing SPEC.yaml");
        }
        Path spec = Path.of(a.pop());
        int devices = -1;
        int maxStaleness = 8;
        int steps = 6;
        int budgetMinutes = 9;
        int threads = Runtime.getRuntime().availableProcessors();
        while (!a.isEmpty()) {
            String flag = a.pop();
            if (a.isEmpty()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            int v = parse(flag, a.pop());
            switch (flag) {
                case "--devices" -> devices = v;
                case "--max-staleness" -> maxStaleness = v;
                case "--steps" -> steps = v;
                case "--threads" -> threads = v;
                case "--budget-minutes" -> budgetMinutes = v;
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        if (devices < 2) {
            throw new IllegalArgumentException("plan needs --devices N (at least 2)");
        }
        if (steps < 2) {
            throw new IllegalArgumentException("--steps must be at least 2");
        }
        if (!Files.isRegularFile(spec)) {
            throw new IllegalArgumentException("spec file not found: " + spec);
        }
        SpecVariants base = new SpecVariants(Files.readString(spec, StandardCharsets.UTF_8), spec.toString());
        err.println("asyncrl: planning " + spec + " on " + devices + " devices, staleness at most " + maxStaleness);
        Planner.Result r = new Planner(base, devices, maxStaleness, steps, threads, budgetMinutes * 60.0).search();
        out.print(render(r, devices, maxStaleness));
        return 0;
    }

    static String render(Planner.Result r, int devices, int maxStaleness) {
        StringBuilder b = new StringBuilder();
        if (r.simulated().isEmpty()) {
            b.append("no configuration of ").append(devices).append(" devices fits memory (").append(r.unfit())
                    .append(" of ").append(r.considered()).append(" refused by the spec validator)\n");
            return b.toString();
        }
        Candidate best = r.best();
        b.append(String.format(Locale.ROOT, "recommended: %s -> %.0f trained tokens/s (steady state), step %.1f s, "
                + "mean staleness %.2f%n", best.config(), best.simulated, best.stepSeconds, best.stalenessMean));
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
        if (r.budgetReached()) {
            b.append("the time budget ran out before every surviving candidate was simulated: the unsimulated ones "
                    + "had the lowest bounds (--budget-minutes raises it)\n");
        }
        return b.toString();
    }

    private static void table(StringBuilder b, List<Candidate> cs) {
        b.append(String.format(Locale.ROOT, "  %-8s %-8s %-8s %-8s %4s %14s %14s %10s %10s%n", "rollout", "r tp", "train",
                "t tp", "eta", "trained tok/s", "bound tok/s", "step s", "stale avg"));
        for (Candidate c : cs) {
            b.append(String.format(Locale.ROOT, "  %-8d %-8d %-8d %-8d %4d %14.0f %14.0f %10.1f %10.2f%n", c.rolloutDevices,
                    c.rolloutTp, c.trainDevices, c.trainTp, c.eta, c.simulated, c.bound, c.stepSeconds, c.stalenessMean));
        }
    }

    private static int parse(String flag, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " needs a non-negative integer, got '" + v + "'");
    }
}
