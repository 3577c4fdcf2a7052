package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.run.RunOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The pipeline flags run, compare, sweep and report share (a picocli mixin). */
final class PipelineFlags {
    @Option(names = "--parallelism", paramLabel = "N", converter = Counts.Positive.class,
            description = "Flink parallelism of every stage (default 2)")
    Integer parallelism;

    @Option(names = "--shards", paramLabel = "N", converter = Counts.Positive.class,
            description = "rollout shards per experiment, on different subtasks; sync and one-step-off runs, and async "
                    + "runs whose framework dispatches round-robin (areal), split their instances over them, others use "
                    + "one (default 1)")
    Integer shards;

    @Option(names = "--partitions", paramLabel = "N", converter = Counts.Positive.class,
            description = "partitions per topic (default 1)")
    Integer partitions;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "use this Kafka cluster instead of the embedded broker")
    String bootstrap;

    @Option(names = "--timeout-minutes", paramLabel = "N", converter = Counts.Positive.class,
            description = "wall-clock limit (default 30)")
    Integer timeoutMinutes;

    /** {@code o} with the flags that were given. */
    RunOptions applyTo(RunOptions o) {
        if (parallelism != null) {
            o = o.withParallelism(parallelism);
        }
        if (shards != null) {
            o = o.withRolloutShards(shards);
        }
        if (partitions != null) {
            o = o.withPartitions(partitions);
        }
        if (bootstrap != null) {
            o = o.withBootstrap(bootstrap);
        }
        if (timeoutMinutes != null) {
            o = o.withTimeout(Duration.ofMinutes(timeoutMinutes));
        }
        return o;
    }
}
