package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.compare.Analyses;
import io.asyncrl.jobs.run.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options compare, sweep and report share (a picocli mixin). */
final class AnalysisOptions {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the outputs go")
    Path out;

    @Option(names = "--in-memory", description = "run the same stage code in memory instead of on Flink+Kafka")
    boolean inMemory;

    @Option(names = "--parallelism", paramLabel = "N", converter = Counts.Positive.class,
            description = "Flink parallelism of every stage (default 2)")
    Integer parallelism;

    @Option(names = "--partitions", paramLabel = "N", converter = Counts.Positive.class,
            description = "partitions per topic (default 1)")
    Integer partitions;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "use this Kafka cluster instead of the embedded broker")
    String bootstrap;

    @Option(names = "--timeout-minutes", paramLabel = "N", converter = Counts.Positive.class,
            description = "wall-clock limit (default 30)")
    Integer timeoutMinutes;

    Analyses.Settings settings() {
        RunOptions o = RunOptions.defaults();
        if (parallelism != null) {
            o = o.withParallelism(parallelism);
        }
        if (partitions != null) {
            o = o.withPartitions(partitions);
        }
        if (bootstrap != null) {
            o = o.withBootstrap(bootstrap);
        }
        if (timeoutMinutes != null) {
            o = new RunOptions(o.bootstrap(), o.parallelism(), o.partitions(), o.topicPrefix(), false, o.webUiPort(),
                    Duration.ofMinutes(timeoutMinutes));
        }
        return new Analyses.Settings(out, inMemory, o);
    }
}
