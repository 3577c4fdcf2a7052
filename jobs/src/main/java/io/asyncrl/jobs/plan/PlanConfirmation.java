package io.asyncrl.jobs.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.compare.VariantMetrics;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.jobs.result.RunOutputs;
import io.asyncrl.jobs.result.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code plan --confirm}: the recommended configuration and the runner-up run again on the real
 * pipeline, as concurrent experiments of ONE pipeline job on an embedded Kafka broker and a Flink
 * MiniCluster ({@link LocalRunner#runAll}, as {@code compare} does). Each runs exactly the spec the
 * planner simulated for it, the planner's step count included. Simulated results are deterministic,
 * so each Flink summary must equal the in-memory one byte for byte, and the trained tokens/s computed
 * from its steps must equal the planner's figure; any difference is listed field by field.
 */
final class PlanConfirmation {
    /** Folder names under {@code --out}, and the labels printed, in the order of the confirmed candidates. */
    static final List<String> ROLES = List.of("recommended", "runner-up");
    static final String PLAN_FILE = "plan.txt";
    static final String IN_MEMORY_SUMMARY = "summary.in-memory.json";
    private static final int MAX_LISTED = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One confirmed candidate: the Flink run, its tokens/s and what differs from the in-memory run (empty: nothing). */
    record Row(String role, Candidate candidate, RunResult flink, double flinkTokensPerSecond, List<String> differences) {}

    private final List<Row> rows;
    private final Duration wall;

    private PlanConfirmation(List<Row> rows, Duration wall) {
        this.rows = rows;
        this.wall = wall;
    }

    /** The simulated candidates to confirm: the best and, if there is one, the runner-up. */
    static List<Candidate> chosen(Planner.Result r) {
        return r.simulated().stream().limit(ROLES.size()).toList();
    }

    static PlanConfirmation run(List<Candidate> candidates, RunOptions options) throws Exception {
        long t0 = System.nanoTime();
        List<RunResult> results = LocalRunner.runAll(candidates.stream().map(c -> c.variant.spec()).toList(), options,
                ProgressListener.NONE);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            RunResult flink = results.get(i);
            double tps = VariantMetrics.steadyTokensPerSecond(flink.steps());
            List<String> diff = new ArrayList<>(differences(c.summaryJson, flink.summaryJson()));
            if (Double.compare(tps, c.simulated) != 0) {
                diff.add(String.format(Locale.ROOT, "trained tokens/s over the second half of the steps: in-memory %s, "
                        + "Flink %s", c.simulated, tps));
            }
            rows.add(new Row(ROLES.get(i), c, flink, tps, diff));
        }
        return new PlanConfirmation(rows, Duration.ofNanos(System.nanoTime() - t0));
    }

    boolean identical() {
        return rows.stream().allMatch(r -> r.differences().isEmpty());
    }

    List<Row> rows() {
        return rows;
    }

    /**
     * The confirmation's lines; {@code specSteps} is the spec file's own step count and {@code searchSteps} the
     * search's (plan --steps), named beside the steps each confirmed run trained (its settled run's).
     */
    String render(int specSteps, int searchSteps) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nconfirmed on Flink + Kafka in %.1f s: %s run again as %d concurrent "
                + "experiments of one pipeline job (embedded Kafka broker, Flink MiniCluster), each with exactly the "
                + "spec whose figure is shown above, over its steps (the settled run's; the search ran %d, plan --steps, "
                + "and the spec file says %d), throughput over the second half%n", wall.toMillis() / 1e3,
                rows.size() == 1 ? "the recommended configuration" : "the recommended configuration and the runner-up",
                rows.size(), searchSteps, specSteps));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "  %-12s %s, %d steps: Flink %.0f trained tokens/s, in-memory %.0f; ",
                    r.role(), r.candidate().config(), r.candidate().variant.spec().getAlgorithm().getSteps(),
                    r.flinkTokensPerSecond(), r.candidate().simulated));
            if (r.differences().isEmpty()) {
                b.append("Flink summary.json identical to the in-memory one (byte for byte)\n");
                continue;
            }
            b.append("Flink summary.json DIFFERS from the in-memory one:\n");
            r.differences().stream().limit(MAX_LISTED).forEach(d -> b.append("      ").append(d).append('\n'));
            if (r.differences().size() > MAX_LISTED) {
                b.append("      ... and ").append(r.differences().size() - MAX_LISTED).append(" more\n");
            }
        }
        if (!identical()) {
            b.append("the Flink pipeline and the in-memory pipeline disagree: simulated results are deterministic, so "
                    + "this is a bug in one of them (DeterminismITCase holds them equal on the examples)\n");
        }
        return b.toString();
    }

    /**
     * Writes each confirmed run's files (summary.json, steps.arrow, trajectories.arrow) and the spec it
     * ran (spec.yaml, for {@code asyncrl run}) into {@code dir/recommended} and {@code dir/runner-up};
     * where the summaries differ, the in-memory one beside it as summary.in-memory.json.
     */
    void write(Path dir) throws IOException {
        for (Row r : rows) {
            Path rdir = dir.resolve(r.role());
            RunOutputs.write(rdir, r.flink());
            Files.writeString(rdir.resolve("spec.yaml"), r.candidate().variant.yaml(), StandardCharsets.UTF_8);
            if (!r.differences().isEmpty()) {
                Files.writeString(rdir.resolve(IN_MEMORY_SUMMARY), r.candidate().summaryJson, StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * What differs between two summaries, one line per field as {@code path: in-memory X, Flink Y};
     * empty when the texts are identical. Texts that parse to the same values but differ in bytes
     * (key order, number formatting) are reported at the first differing character.
     */
    static List<String> differences(String inMemory, String flink) {
        if (inMemory.equals(flink)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            walk("", JSON.readTree(inMemory), JSON.readTree(flink), out);
        } catch (JsonProcessingException e) {
            out.clear();
        }
        if (out.isEmpty()) {
            int i = 0;
            while (i < Math.min(inMemory.length(), flink.length()) && inMemory.charAt(i) == flink.charAt(i)) {
                i++;
            }
            out.add("the texts differ from character " + i + ": in-memory '" + excerpt(inMemory, i) + "', Flink '"
                    + excerpt(flink, i) + "'");
        }
        return out;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                String p = path.isEmpty() ? n : path + "." + n;
                if (!a.has(n)) {
                    out.add(p + ": missing in-memory, Flink " + b.get(n));
                } else if (!b.has(n)) {
                    out.add(p + ": in-memory " + a.get(n) + ", missing on Flink");
                } else {
                    walk(p, a.get(n), b.get(n), out);
                }
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            Iterator<JsonNode> ia = a.elements();
            Iterator<JsonNode> ib = b.elements();
            for (int i = 0; ia.hasNext(); i++) {
                walk(path + "[" + i + "]", ia.next(), ib.next(), out);
            }
        } else {
            out.add((path.isEmpty() ? "(the whole summary)" : path) + ": in-memory " + a + ", Flink " + b);
        }
    }

    private static String excerpt(String s, int from) {
        return s.substring(from, Math.min(s.length(), from + 40));
    }
}
