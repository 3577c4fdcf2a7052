package io.asyncrl.jobs.bench;

import io.asyncrl.connectors.kafka.EmbeddedKafka;
import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.jobs.run.ShardNotice;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code asyncrl bench --scaling}: one experiment through Flink and Kafka at parallelism 1 (rollout on
 * one shard), at parallelism N with the rollout on one shard (what parallelism alone gives one
 * experiment), and at parallelism N with N rollout shards, on the same embedded broker in this
 * process; prints the walls and the ratio of the first to each of the others, and checks that every summary
 * equals the in-memory pipeline's.
 *
 * <p>The three runs go round {@code rounds} times in the same order and each configuration's best wall
 * counts: whatever runs first in a JVM pays the JIT's warm-up and the MiniCluster's class loading (in a
 * first try, parallelism 1 took twice as long as the same run after it), and the best of several
 * takes out other load on a shared machine.
 */
public final class ScalingBench {
    public static final String SCALING_JSON = "scaling.json";

    private ScalingBench() {}

    /** One configuration: its walls and CPU seconds per round; the best (least) wall counts. */
    public record Run(int parallelism, int shards, List<Double> walls, List<Double> cpus, boolean identical) {
        public double wallSeconds() {
            return walls.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        /** CPU seconds of the round with the best wall. */
        public double cpuSeconds() {
            return cpus.get(walls.indexOf(wallSeconds()));
        }
    }

    /**
     * The runs, the first at parallelism 1, the second at the higher parallelism on one shard, the last sharded;
     * {@link #ratio} is the first's wall over the last's.
     */
    public record Report(String spec, long trajectories, List<Run> runs) {
        public double ratio() {
            return ratio(runs.get(runs.size() - 1));
        }

        /** The wall at parallelism 1 over {@code run}'s. */
        public double ratio(Run run) {
            return runs.get(0).wallSeconds() / run.wallSeconds();
        }

        public boolean identical() {
            return runs.stream().allMatch(Run::identical);
        }

        public String table() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "bench --scaling %s: %,d trajectories%n", spec, trajectories));
            b.append(String.format(Locale.ROOT, "%-12s %7s %9s %9s %16s   %s%n", "parallelism", "shards", "wall s",
                    "CPU s", "trajectories/s", "wall s of each round"));
            for (Run r : runs) {
                StringBuilder rounds = new StringBuilder();
                for (double w : r.walls()) {
                    rounds.append(String.format(Locale.ROOT, " %.1f", w));
                }
                b.append(String.format(Locale.ROOT, "%-12d %7d %9.1f %9.1f %,16.0f  %s%n", r.parallelism(), r.shards(),
                        r.wallSeconds(), r.cpuSeconds(), trajectories / r.wallSeconds(), rounds));
            }
            b.append("(best wall of the rounds; CPU of that round)\n");
            for (Run r : runs.subList(1, runs.size())) {
                b.append(String.format(Locale.ROOT, "wall at parallelism 1 / parallelism %d with %d shard%s: %.2fx%n",
                        r.parallelism(), r.shards(), r.shards() == 1 ? "" : "s", ratio(r)));
            }
            b.append("summaries identical to the in-memory pipeline's: " + (identical() ? "yes" : "NO")).append('\n');
            return b.toString();
        }

        String toJson() {
            StringBuilder b = new StringBuilder("{\n  \"spec\": \"" + spec + "\",\n  \"trajectories\": " + trajectories
                    + ",\n  \"runs\": [\n");
            for (int i = 0; i < runs.size(); i++) {
                Run r = runs.get(i);
                b.append(String.format(Locale.ROOT,
                        "    {\"parallelism\": %d, \"shards\": %d, \"wall_seconds\": %.3f, \"cpu_seconds\": %.3f, "
                                + "\"round_wall_seconds\": %s, \"summary_identical\": %b}%s%n",
                        r.parallelism(), r.shards(), r.wallSeconds(), r.cpuSeconds(), r.walls(), r.identical(),
                        i + 1 < runs.size() ? "," : ""));
            }
            b.append(String.format(Locale.ROOT, "  ],\n  \"wall_ratio\": %.4f,\n  \"wall_ratio_one_shard\": %.4f\n}\n",
                    ratio(), ratio(runs.get(1))));
            return b.toString();
        }
    }

    public static Report run(String specLabel, ExperimentSpec spec, RunOptions options, int parallelism, int rounds,
            Path outDir, Supplier<ProgressListener> progress, PrintStream notices) throws Exception {
        Files.createDirectories(outDir);
        notices.println("asyncrl bench: in-memory pipeline (the reference summary) ...");
        String reference = InMemoryRunner.run(spec).summaryJson();
        Files.write(outDir.resolve(BenchRunner.IN_MEMORY_SUMMARY), reference.getBytes(StandardCharsets.UTF_8));
        int[][] configs = {{1, 1}, {parallelism, 1}, {parallelism, parallelism}};
        List<List<Double>> walls = new ArrayList<>();
        List<List<Double>> cpus = new ArrayList<>();
        boolean[] identical = new boolean[configs.length];
        for (int c = 0; c < configs.length; c++) {
            walls.add(new ArrayList<>());
            cpus.add(new ArrayList<>());
            identical[c] = true;
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            for (int i = 0; i < rounds * configs.length; i++) {
                int round = i / configs.length + 1;
                int c = i % configs.length;
                int p = configs[c][0];
                int shards = configs[c][1];
                String name = "p" + p + "-s" + shards + "-r" + round;
                RunOptions o = options.withBootstrap(kafka.bootstrapServers()).withParallelism(p)
                        .withRolloutShards(shards).withTopicPrefix(BenchRunner.PIPELINE_PREFIX + name + ".");
                String line = ShardNotice.line(spec, shards);
                notices.println("asyncrl bench: round " + round + " of " + rounds + ", Flink+Kafka pipeline, parallelism "
                        + p + ", " + shards
                        + " rollout shard(s)" + (line == null ? "" : "; " + line.substring("asyncrl: ".length())) + " ...");
                ProcessClock clock = new ProcessClock();
                RunResult r = LocalRunner.run(spec, o, progress.get());
                walls.get(c).add(clock.wallSeconds());
                cpus.get(c).add(clock.cpuSeconds());
                identical[c] &= r.summaryJson().equals(reference);
                Files.writeString(outDir.resolve("summary.flink-kafka." + name + ".json"), r.summaryJson());
            }
        }
        List<Run> runs = new ArrayList<>();
        for (int c = 0; c < configs.length; c++) {
            runs.add(new Run(configs[c][0], configs[c][1], walls.get(c), cpus.get(c), identical[c]));
        }
        Report report = new Report(specLabel, BenchRunner.generatedTrajectories(reference), runs);
        Files.writeString(outDir.resolve(SCALING_JSON), report.toJson());
        return report;
    }
}
