package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.service.Home;
import io.asyncrl.jobs.service.ServiceDeployer;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code asyncrl deploy --flink URL --bootstrap HOST:PORT}: start the service job on a Flink cluster. */
@Command(name = "deploy", customSynopsis = "asyncrl deploy --flink URL --bootstrap HOST:PORT [OPTIONS]",
        description = "Start the service job on a Flink cluster (REST API).")
final class DeployCommand extends CliCommand {
    @Option(names = "--flink", paramLabel = "URL", required = true, description = "the Flink cluster's REST URL")
    String flink;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "the Kafka cluster")
    String bootstrap;

    @Option(names = "--jar", paramLabel = "PATH", description = "the job jar (default jobs/target/asyncrl-jobs-*-job.jar)")
    Path jar;

    @Option(names = "--topic-prefix", paramLabel = "P", defaultValue = ServiceTopics.DEFAULT_PREFIX,
            description = "prefix of every topic (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--partitions", paramLabel = "N", converter = Counts.Positive.class, defaultValue = "3",
            description = "partitions per topic (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--parallelism", paramLabel = "N", converter = Counts.Positive.class,
            description = "Flink parallelism (default: the cluster's)")
    Integer parallelism;

    @Option(names = "--checkpoint-interval-ms", paramLabel = "MS", converter = Counts.NonNegativeLong.class,
            description = "checkpoint interval (default: the service job's)")
    Long checkpointMs;

    @Override
    public Integer call() throws Exception {
        Path j = jar == null ? ServiceDeployer.defaultJar(Home.detect()) : jar;
        err().println("asyncrl: uploading " + j + " to " + flink + " ...");
        String jobId = ServiceDeployer.deploy(flink, j,
                new ServiceDeployer.Settings(bootstrap, prefix, partitions, parallelism, checkpointMs));
        out().println("service job " + jobId + " RUNNING on " + flink + " (topics " + prefix + "*)");
        return Main.DONE;
    }
}
