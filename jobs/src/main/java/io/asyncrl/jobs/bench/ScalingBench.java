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

/**
 * {@code asyncrl bench --scaling}: one experiment through Flink and Kafka at parallelism 1 (rollout on
 * one shard), then at parallelism N with N rollout shards, on the same embedded broker in this
 * process; prints both walls and their ratio and checks that both summaries equal the in-memory
 * pipeline's.
 */
public final class ScalingBench {
    public static final String SCALING_JSON = "scaling.json";

    private ScalingBench() {}

    /** One measured run. */
    public record Run(int parallelism, int shards, double wallSeconds, double cpuSeconds, boolean identical) {}

    /** The runs, the first at parallelism 1; {@link #ratio} is the first's wall over the last's. */
    public record Report(String spec, long trajectories, List<Run> runs) {
        public double ratio() {
            return runs.get(0).wallSeconds() / runs.get(runs.size() - 1).wallSeconds();
        }

        public boolean identical() {
            return runs.stream().allMatch(Run::identical);
        }

        public String table() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "bench --scaling %s: %,d trajectories%n", spec, trajectories));
            b.append(String.format(Locale.ROOT, "%-12s %7s %9s %9s %16s%n", "parallelism", "shards", "wall s", "CPU s",
                    "trajectories/s"));
            for (Run r : runs) {
                b.append(String.format(Locale.ROOT, "%-12d %7d %9.1f %9.1f %,16.0f%n", r.parallelism(), r.shards(),
                        r.wallSeconds(), r.cpuSeconds(), trajectories / r.wallSeconds()));
            }
            Run last = runs.get(runs.size() - 1);
            b.append(String.format(Locale.ROOT, "wall at parallelism 1 / parallelism %d: %.2fx%n", last.parallelism(),
                    ratio()));
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
                                + "\"summary_identical\": %b}%s%n",
                        r.parallelism(), r.shards(), r.wallSeconds(), r.cpuSeconds(), r.identical(),
                        i + 1 < runs.size() ? "," : ""));
            }
            b.append(String.format(Locale.ROOT, "  ],\n  \"wall_ratio\": %.4f\n}\n", ratio()));
            return b.toString();
        }
    }

    public static Report run(String specLabel, ExperimentSpec spec, RunOptions options, int parallelism, Path outDir,
            ProgressListener progress, PrintStream notices) throws Exception {
        Files.createDirectories(outDir);
        notices.println("asyncrl bench: in-memory pipeline (the reference summary) ...");
        String reference = InMemoryRunner.run(spec).summaryJson();
        Files.write(outDir.resolve(BenchRunner.IN_MEMORY_SUMMARY), reference.getBytes(StandardCharsets.UTF_8));
        List<Run> runs = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            for (int p : new int[] {1, parallelism}) {
                RunOptions o = options.withBootstrap(kafka.bootstrapServers()).withParallelism(p).withRolloutShards(p)
                        .withTopicPrefix(BenchRunner.PIPELINE_PREFIX + "p" + p + ".");
                String line = ShardNotice.line(spec, p);
                notices.println("asyncrl bench: Flink+Kafka pipeline, parallelism " + p + ", " + p + " rollout shard(s)"
                        + (line == null ? "" : "; " + line.substring("asyncrl: ".length())) + " ...");
                ProcessClock clock = new ProcessClock();
                RunResult r = LocalRunner.run(spec, o, progress);
                runs.add(new Run(p, p, clock.wallSeconds(), clock.cpuSeconds(), r.summaryJson().equals(reference)));
                Files.writeString(outDir.resolve("summary.flink-kafka.p" + p + ".json"), r.summaryJson());
            }
        }
        Report report = new Report(specLabel, BenchRunner.generatedTrajectories(reference), runs);
        Files.writeString(outDir.resolve(SCALING_JSON), report.toJson());
        return report;
    }
}
