package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.run.OutFolder;
import io.asyncrl.jobs.run.Refused;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.jobs.run.ShardNotice;
import io.asyncrl.jobs.result.RunOutputs;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.spec.ExperimentIds;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code asyncrl run SPEC.yaml --out DIR}: one experiment on an embedded Kafka broker and a Flink MiniCluster. */
@Command(name = "run", customSynopsis = "asyncrl run SPEC.yaml --out DIR [OPTIONS]",
        description = {"Run the experiment on an embedded Kafka broker and a Flink MiniCluster.",
                "Writes summary.json, steps.arrow and trajectories.arrow to DIR. A run that was killed resumes from its "
                        + "last checkpoint when the same command runs again."})
final class RunCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "the experiment spec")
    Path spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the outputs go")
    Path outDir;

    @Mixin
    PipelineFlags pipeline;

    @Option(names = "--topic-prefix", paramLabel = "P", description = "prefix of every topic (default asyncrl.)")
    String topicPrefix;

    @Option(names = "--ui", description = "serve Flink's Web UI on localhost while it runs")
    boolean ui;

    @Option(names = "--ui-port", paramLabel = "N", converter = Counts.Positive.class, defaultValue = "8081",
            description = "port of the Web UI (default ${DEFAULT-VALUE})")
    int uiPort;

    @Option(names = "--checkpoint-seconds", paramLabel = "N", converter = Counts.Positive.class,
            description = "Flink checkpoint interval (default 5)")
    Integer checkpointSeconds;

    @Option(names = "--force", description = "replace the outputs of a finished run in DIR (without it, a finished run is kept)")
    boolean force;

    @Option(names = "--transactions", description = "exactly-once through Kafka transactions (slower; see docs/exactly-once.md)")
    boolean transactions;

    @Override
    public Integer call() throws Exception {
        RunOptions options = pipeline.applyTo(RunOptions.defaults());
        if (topicPrefix != null) {
            options = options.withTopicPrefix(topicPrefix);
        }
        if (checkpointSeconds != null) {
            options = options.withCheckpointInterval(Duration.ofSeconds(checkpointSeconds));
        }
        options = options.withWebUi(ui, uiPort).withTransactions(transactions);
        ExperimentSpec s = ExperimentIds.load(spec, null);
        if (ui) {
            checkUiPortFree(uiPort);
        }
        try (OutFolder folder = OutFolder.claim(outDir, force)) {
            return run(s, options);
        }
    }

    /** Refuses at once, naming the port and the flag, rather than 30 s later inside Flink's REST server. */
    static void checkUiPortFree(int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new java.net.InetSocketAddress(port));
        } catch (java.io.IOException e) {
            throw new Refused("--ui-port " + port + " is in use (" + e.getMessage()
                    + "); give a free port with --ui-port N");
        }
    }

    private int run(ExperimentSpec s, RunOptions options) throws Exception {
        err().println("asyncrl: running " + s.getName() + " (id " + s.getId() + ") with parallelism "
                + options.parallelism() + (options.bootstrap() == null
                        ? " on a local Kafka broker (state in " + outDir.resolve(".asyncrl") + ")"
                        : " on " + options.bootstrap()));
        String shards = ShardNotice.line(s, options.rolloutShards());
        if (shards != null) {
            err().println(shards);
        }
        if (ui) {
            err().println("asyncrl: Flink Web UI at http://localhost:" + uiPort + "/");
        }
        RunResult result = LocalRunner.runResumable(s, options, outDir, new ProgressBar(err(), System.console() != null),
                err(), r -> RunOutputs.write(outDir, r));
        out().print(SummaryTable.render(result.summaryJson()));
        out().println("  wall time          " + String.format(Locale.ROOT, "%.1f s", result.wallTime().toMillis() / 1e3));
        out().println("  wrote              " + outDir.resolve(RunOutputs.SUMMARY) + ", "
                + RunOutputs.RESOLVED_SPEC + ", " + RunOutputs.STEPS + ", " + RunOutputs.TRAJECTORIES);
        return Main.DONE;
    }
}
