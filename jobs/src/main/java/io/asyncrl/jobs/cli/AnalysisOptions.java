package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.compare.Analyses;
import io.asyncrl.jobs.run.RunOptions;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options compare, sweep and report share (a picocli mixin). */
final class AnalysisOptions {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the outputs go")
    Path out;

    @Option(names = "--in-memory", description = "run the same stage code in memory instead of on Flink+Kafka")
    boolean inMemory;

    @Option(names = "--force", description = "replace earlier outputs in DIR (without it, a folder holding them is kept)")
    boolean force;

    @Mixin
    PipelineFlags pipeline;

    Analyses.Settings settings() {
        RunOptions o = pipeline.applyTo(RunOptions.defaults());
        return new Analyses.Settings(out, inMemory, o, force);
    }
}
