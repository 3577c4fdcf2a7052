package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.bench.BenchReport;
import io.asyncrl.jobs.bench.BenchRunner;
import io.asyncrl.jobs.bench.ScalingBench;
import io.asyncrl.jobs.run.OutFolder;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.jobs.run.ShardNotice;
import io.asyncrl.jobs.spec.ExperimentIds;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code asyncrl bench SPEC.yaml --out DIR}: raw Kafka, the in-memory and the Flink+Kafka pipeline side by side. */
@Command(name = "bench", customSynopsis = "asyncrl bench SPEC.yaml --out DIR [--force] [--steps N] [--parallelism N] [--shards N] [--rounds N] [--scaling]",
        description = {"Measure one experiment in-memory and through Flink+Kafka, and raw Kafka moving the same records "
                + "on the same embedded broker, in this process.",
                "Prints wall and CPU seconds, records per topic, trajectories per second and the ratios; writes "
                        + "bench.json and both summaries to DIR. Exits 1 if the two pipelines' summaries differ."})
final class BenchCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "the experiment spec")
    Path spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where bench.json goes")
    Path outDir;

    @Option(names = "--steps", paramLabel = "N", converter = Counts.Positive.class,
            description = "training steps to run instead of the spec's algorithm.steps")
    Integer steps;

    @Option(names = "--parallelism", paramLabel = "N", converter = Counts.Positive.class,
            description = "Flink parallelism of every stage (default 2, as run)")
    Integer parallelism;

    @Option(names = "--shards", paramLabel = "N", converter = Counts.Positive.class,
            description = "rollout shards per experiment in the Flink+Kafka run (default 1, as run)")
    Integer shards;

    @Option(names = "--scaling", description = "instead: Flink+Kafka at parallelism 1, then at --parallelism (default 2) "
            + "with the rollout on one shard and on as many shards; prints the walls and the ratio of the first to each "
            + "of the others, writes scaling.json")
    boolean scaling;

    @Option(names = "--rounds", paramLabel = "N", converter = Counts.Positive.class,
            description = "times each phase runs, in turn (in-memory, Flink+Kafka, raw Kafka), the best wall of each "
                    + "counting, with the CPU of that round; the first round of a JVM pays the JIT's warm-up and the "
                    + "class loading (default 1; with --scaling, each configuration, default 2)")
    Integer rounds;

    @Option(names = "--force", description = "replace an earlier bench's outputs in DIR (without it, they are kept)")
    boolean force;

    @Override
    public Integer call() throws Exception {
        ExperimentSpec s = ExperimentIds.load(spec, null);
        if (steps != null) {
            s.getAlgorithm().setSteps(steps);
        }
        RunOptions options = RunOptions.defaults();
        if (parallelism != null) {
            options = options.withParallelism(parallelism);
        }
        if (shards != null) {
            options = options.withRolloutShards(shards);
            String line = ShardNotice.line(s, shards);
            if (line != null && !scaling) {
                err().println(line);
            }
        }
        // claimed before anything runs, as run, report and compare claim theirs
        List<String> outputs = scaling ? List.of(ScalingBench.SCALING_JSON, BenchRunner.IN_MEMORY_SUMMARY)
                : List.of(BenchRunner.BENCH_JSON, BenchRunner.IN_MEMORY_SUMMARY, BenchRunner.FLINK_SUMMARY);
        try (OutFolder folder = OutFolder.claimFor("bench", outDir, force, outputs)) {
            return scaling ? scaling(s, options) : bench(s, options);
        }
    }

    private int scaling(ExperimentSpec s, RunOptions options) throws Exception {
        ScalingBench.Report r = ScalingBench.run(spec.getFileName().toString(), s, options, options.parallelism(),
                rounds == null ? 2 : rounds, outDir, () -> new ProgressBar(err(), System.console() != null), err());
        out().print(r.table());
        out().println("wrote " + outDir.resolve(ScalingBench.SCALING_JSON));
        return r.identical() ? Main.DONE : Main.FAILED;
    }

    private int bench(ExperimentSpec s, RunOptions options) throws Exception {
        BenchReport report = BenchRunner.run(spec.getFileName().toString(), s, options, rounds == null ? 1 : rounds, outDir,
                () -> new ProgressBar(err(), System.console() != null), err());
        out().print(report.table());
        out().println("wrote " + outDir.resolve(BenchRunner.BENCH_JSON));
        return verdict(report, outDir, err());
    }

    /** Exit 1 when the two pipelines disagree: then the timings compare different work. */
    static int verdict(BenchReport report, Path outDir, java.io.PrintStream err) {
        if (!report.summariesIdentical()) {
            err.println("asyncrl bench: the in-memory and Flink+Kafka summaries differ: compare "
                    + outDir.resolve(BenchRunner.IN_MEMORY_SUMMARY) + " and " + outDir.resolve(BenchRunner.FLINK_SUMMARY));
            return Main.FAILED;
        }
        return Main.DONE;
    }
}
