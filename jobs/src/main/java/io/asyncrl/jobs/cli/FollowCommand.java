package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.result.RunOutputs;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.run.OutFolder;
import io.asyncrl.jobs.service.ClusterOptions;
import io.asyncrl.jobs.service.DeadLetterReader;
import io.asyncrl.jobs.service.ExperimentClient;
import io.asyncrl.jobs.service.Home;
import io.asyncrl.jobs.service.ServiceHealth;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code watch} and {@code fetch}: follow a submitted experiment to its summary. */
abstract class FollowCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "the experiment id printed by submit")
    String id;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "the service's Kafka cluster")
    String bootstrap;

    @Option(names = "--topic-prefix", paramLabel = "P", defaultValue = ServiceTopics.DEFAULT_PREFIX,
            description = "prefix of every topic (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--timeout-minutes", paramLabel = "N", converter = Counts.Positive.class,
            defaultValue = ServiceTopics.DEFAULT_WAIT_MINUTES, description = "how long to wait (default ${DEFAULT-VALUE})")
    int waitMinutes;

    @Option(names = "--cluster-dir", paramLabel = "DIR", description = "the folder of 'asyncrl cluster start' whose "
            + "processes are checked while waiting (default runs/cluster, when --bootstrap is its broker)")
    Path clusterDir;

    /** Null for watch (print the summary table), the folder for fetch. */
    abstract Path outDir();

    /** Whether fetch may replace the files of an earlier run or fetch in its folder. */
    boolean force() {
        return false;
    }

    @Override
    public Integer call() throws Exception {
        Path outDir = outDir();
        if (outDir == null) {
            return follow(null);
        }
        // claimed before the service is asked, as run claims its folder: a file, a busy folder or one holding an earlier
        // run's files is refused at once, not after waiting for the experiment to finish
        try (OutFolder folder = OutFolder.claimFor("fetch", outDir, force(),
                List.of(RunOutputs.SUMMARY, RunOutputs.STEPS, RunOutputs.TRAJECTORIES))) {
            return follow(outDir);
        }
    }

    private int follow(Path outDir) throws Exception {
        Optional<String> down = ServiceHealth.of(bootstrap, null).problem(outDir == null ? "watch" : "fetch");
        if (down.isPresent()) {
            err().println("asyncrl: " + down.get());
            return Main.FAILED;
        }
        ExperimentClient client = new ExperimentClient(bootstrap, prefix);
        ExperimentSpec spec = client.findSpec(id).orElse(null);
        if (spec == null) {
            err().println("asyncrl: no experiment '" + id + "' was submitted on " + bootstrap + " (topic prefix " + prefix + ")");
            String reason = DeadLetterReader.reasonFor(bootstrap, prefix, id);
            if (reason != null) {
                err().println("asyncrl: a record with that key was refused: " + reason);
            }
            return Main.FAILED;
        }
        ProgressListener progress = outDir != null ? ProgressListener.NONE : new ProgressBar(err(), System.console() != null);
        RunResult result;
        try {
            Path dir = clusterDir != null ? clusterDir : ClusterOptions.defaults(Home.detect()).dir();
            result = client.await(id, spec.getAlgorithm().getSteps(), Duration.ofMinutes(waitMinutes), progress,
                    ServiceHealth.of(bootstrap, dir));
        } catch (ExperimentClient.RefusedException | ExperimentClient.ServiceDownException e) {
            err().println("asyncrl: " + e.getMessage());
            return Main.FAILED;
        }
        if (outDir != null) {
            RunOutputs.write(outDir, result);
            out().println("wrote " + outDir.resolve(RunOutputs.SUMMARY) + ", " + RunOutputs.STEPS + ", "
                    + RunOutputs.TRAJECTORIES);
        } else {
            out().print(SummaryTable.render(result.summaryJson()));
        }
        return Main.DONE;
    }
}
