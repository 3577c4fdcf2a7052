package io.asyncrl.jobs.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.jobs.accuracy.Accuracy;
import io.asyncrl.jobs.report.ChromeTrace;
import io.asyncrl.jobs.report.HtmlReport;
import io.asyncrl.jobs.report.RunTimeline;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.jobs.result.RunOutputs;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs variants of a spec and compares them. On Flink, all variants are concurrent experiments of
 * ONE pipeline job on the embedded broker and a MiniCluster (they are keyed by experiment id); in
 * memory, each variant runs through {@link InMemoryRunner} on a thread pool. The speedup baseline is
 * the first synchronous colocated variant, else the first synchronous one, else the first variant.
 */
public final class Comparison {
    public static final String JSON_FILE = "compare.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public enum Engine { FLINK, IN_MEMORY }

    /**
     * One variant's run and its figures; speedup is over the baseline variant's trained tokens/s, steady speedup over
     * its trained tokens/s in the second half of the steps (the pipeline full, as a long run spends most of its time).
     */
    public record Row(Variant variant, RunResult run, VariantMetrics metrics, double speedup, double steadySpeedup) {}

    private final List<Row> rows;
    private final String baseline;
    private final Engine engine;
    private final Duration wall;
    /** compare --policies: per variant label, {@link PolicyMetrics} (written as each variant's {@code policy}). */
    private final java.util.Map<String, ObjectNode> policies = new java.util.HashMap<>();
    /** compare (modes): the check of a synchronous colocated baseline at other rollout TPs, or null. */
    private BaselineCheck baselineCheck;

    private Comparison(List<Row> rows, String baseline, Engine engine, Duration wall) {
        this.rows = rows;
        this.baseline = baseline;
        this.engine = engine;
        this.wall = wall;
    }

    public static Comparison run(List<Variant> variants, Engine engine, RunOptions options, ProgressListener progress)
            throws Exception {
        long t0 = System.nanoTime();
        List<RunResult> results;
        if (engine == Engine.FLINK) {
            results = LocalRunner.runAll(variants.stream().map(Variant::spec).toList(), options, progress);
        } else {
            results = inMemory(variants);
        }
        int base = baselineIndex(variants);
        List<VariantMetrics> metrics = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            metrics.add(VariantMetrics.of(variants.get(i).spec(), results.get(i)));
        }
        double baseTps = metrics.get(base).trainedTokensPerSecond();
        double baseSteady = metrics.get(base).steadyTokensPerSecond();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            double tps = metrics.get(i).trainedTokensPerSecond();
            double steady = metrics.get(i).steadyTokensPerSecond();
            rows.add(new Row(variants.get(i), results.get(i), metrics.get(i), baseTps > 0 ? tps / baseTps : 0,
                    baseSteady > 0 ? steady / baseSteady : 0));
        }
        return new Comparison(rows, variants.get(base).label(), engine, Duration.ofNanos(System.nanoTime() - t0));
    }

    public static List<RunResult> inMemory(List<Variant> variants) throws Exception {
        return inMemory(variants, true);
    }

    /** Runs the variants in memory on a pool; {@code trajectories} as {@link InMemoryRunner#run(ExperimentSpec, boolean)}. */
    public static List<RunResult> inMemory(List<Variant> variants, boolean trajectories) throws Exception {
        return inMemory(variants, trajectories, Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #inMemory(List, boolean)}, on at most {@code threads} threads. */
    public static List<RunResult> inMemory(List<Variant> variants, boolean trajectories, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(variants.size(), threads)));
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (Variant v : variants) {
                futures.add(pool.submit(() -> InMemoryRunner.run(v.spec(), trajectories)));
            }
            List<RunResult> out = new ArrayList<>();
            for (Future<RunResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static int baselineIndex(List<Variant> variants) {
        int firstSync = -1;
        for (int i = 0; i < variants.size(); i++) {
            var s = variants.get(i).spec();
            if (s.getAsync().getMode() == AsyncMode.SYNC) {
                if (s.getCluster().getPlacement() == Placement.COLOCATED) {
                    return i;
                }
                if (firstSync < 0) {
                    firstSync = i;
                }
            }
        }
        return Math.max(firstSync, 0);
    }

    public List<Row> rows() {
        return rows;
    }

    public String baseline() {
        return baseline;
    }

    /** Adds each variant's {@link PolicyMetrics} to compare.json (compare --policies). */
    public Comparison withPolicyMetrics() {
        for (Row r : rows) {
            policies.put(r.variant().label(), PolicyMetrics.of(r.run()));
        }
        return this;
    }

    /** Adds {@code check} to compare.json and the table (compare's modes); null adds nothing. */
    public Comparison withBaselineCheck(BaselineCheck check) {
        this.baselineCheck = check;
        return this;
    }

    ObjectNode policyMetrics(Row r) {
        return policies.get(r.variant().label());
    }

    public Duration wall() {
        return wall;
    }

    /** Writes compare.json, report.html (all variants) and per variant a folder with its run files, report and trace. */
    public void write(Path dir, String title) throws IOException {
        Files.createDirectories(dir);
        List<String> earlier = StaleVariantFolders.of(dir);
        List<ObjectNode> timelines = new ArrayList<>();
        for (Row r : rows) {
            Path vdir = dir.resolve(folder(r.variant().label()));
            RunOutputs.write(vdir, r.run());
            Files.writeString(vdir.resolve("spec.yaml"), r.variant().yaml());
            ObjectNode timeline = RunTimeline.of(r.variant().label(), r.variant().spec(), r.run());
            timelines.add(timeline);
            HtmlReport.write(vdir.resolve(HtmlReport.FILE), r.variant().spec().getName(), List.of(timeline), null);
            ChromeTrace.write(vdir.resolve(ChromeTrace.FILE), r.variant().spec(), r.run());
        }
        ObjectNode json = json();
        JSON.writeValue(dir.resolve(JSON_FILE).toFile(), json);
        HtmlReport.write(dir.resolve(HtmlReport.FILE), title, timelines, json);
        // an earlier comparison's variants (compare/sweep --force) that this one did not write again
        StaleVariantFolders.remove(dir, earlier, rows.stream().map(r -> folder(r.variant().label())).toList());
    }

    public ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("baseline", baseline);
        root.put("engine", engine == Engine.FLINK ? "flink" : "in-memory");
        root.put("wall_seconds", wall.toMillis() / 1e3);
        if (baselineCheck != null) {
            root.set("baseline_check", baselineCheck.json());
        }
        ArrayNode vs = root.putArray("variants");
        for (Row r : rows) {
            ObjectNode v = vs.addObject();
            v.put("label", r.variant().label());
            v.put("folder", folder(r.variant().label()));
            v.put("experiment_id", r.variant().spec().getId());
            v.put("name", r.variant().spec().getName());
            ObjectNode set = v.putObject("settings");
            r.variant().settings().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> set.put(e.getKey(), e.getValue()));
            VariantMetrics m = r.metrics();
            v.put("trained_tokens_per_second", m.trainedTokensPerSecond());
            v.put("step_seconds", m.stepSeconds());
            v.put("utilization_rollout", m.utilizationRollout());
            v.put("utilization_train", m.utilizationTrain());
            v.put("bubble_seconds_per_step", m.bubbleSecondsPerStep());
            v.put("staleness_mean", m.stalenessMean());
            v.put("staleness_token_weighted_mean", m.stalenessTokenMean());
            v.put("staleness_max", m.stalenessMax());
            v.put("simulated_seconds", m.simulatedSeconds());
            v.put("speedup", r.speedup());
            v.put("steady_trained_tokens_per_second", m.steadyTokensPerSecond());
            v.put("steady_speedup", r.steadySpeedup());
            if (policies.containsKey(r.variant().label())) {
                v.set("policy", policies.get(r.variant().label()));
            }
            var env = io.asyncrl.jobs.report.EnvironmentPoolFigures.of(r.run().summaryJson());
            if (env != null) {
                v.put("utilization_environment", env.path("utilization").asDouble());
                v.put("environment_mean_wait_seconds", env.path("mean_wait_seconds").asDouble());
            }
        }
        return root;
    }

    /** The table printed on the console. */
    public String table() {
        StringBuilder b = new StringBuilder();
        int w = Math.max(8, rows.stream().mapToInt(r -> r.variant().label().length()).max().orElse(8));
        b.append(String.format(Locale.ROOT, "%-" + w + "s %14s %9s %8s %8s %10s %9s %5s %8s %8s%n", "variant",
                "trained tok/s", "step s", "util rl", "util tr", "bubble s", "stale avg", "max", "speedup", "steady"));
        for (Row r : rows) {
            VariantMetrics m = r.metrics();
            b.append(String.format(Locale.ROOT, "%-" + w + "s %14.0f %9.1f %8.3f %8.3f %10.1f %9.2f %5d %7.2fx %7.2fx%n",
                    r.variant().label(), m.trainedTokensPerSecond(), m.stepSeconds(), m.utilizationRollout(),
                    m.utilizationTrain(), m.bubbleSecondsPerStep(), m.stalenessMean(), m.stalenessMax(), r.speedup(),
                    r.steadySpeedup()));
        }
        b.append("speedup over ").append(baseline).append(" over the whole run; steady: over the second half of the steps, "
                + "the pipeline full; bubble = idle device time per step (docs/report.md)\n");
        b.append(SettledSteps.shortRunNote(rows.stream().map(r -> r.variant().spec()).toList(),
                rows.stream().map(r -> r.variant().label()).toList()));
        if (baselineCheck != null) {
            b.append(baselineCheck.line());
        }
        b.append(Accuracy.speedupLine());
        for (Row r : rows) {
            var env = io.asyncrl.jobs.report.EnvironmentPoolFigures.of(r.run().summaryJson());
            if (env != null) {
                b.append("environment pool of ").append(r.variant().label()).append(": ")
                        .append(io.asyncrl.jobs.report.EnvironmentPoolFigures.describe(env)).append('\n');
            }
        }
        return b.toString();
    }

    static String folder(String label) {
        return SpecVariants.sanitize(label);
    }
}
