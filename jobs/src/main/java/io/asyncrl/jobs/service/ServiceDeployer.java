package io.asyncrl.jobs.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.client.JobStatusMessage;

/**
 * Deploys the service job on a running Flink session cluster with Flink's REST client
 * ({@link FlinkSessionClient}): builds {@link ServiceJob}'s job graph from the job jar with the Kafka
 * settings as program arguments, submits it with the jar, and waits until the job is RUNNING. One service per topic prefix: deploying a second one for a prefix whose
 * service still runs is refused.
 */
public final class ServiceDeployer {
    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(90);

    private ServiceDeployer() {}

    /**
     * The service's settings.
     *
     * @param parallelism Flink parallelism of every stage, or null for the cluster's default
     * @param checkpointIntervalMs checkpoint interval, 0 to turn checkpointing off, null for the job's default (10 s)
     */
    public record Settings(String bootstrap, String topicPrefix, int partitions, Integer parallelism,
            Long checkpointIntervalMs, Map<String, String> jobParameters) {

        public Settings(String bootstrap, String topicPrefix, int partitions, Integer parallelism,
                Long checkpointIntervalMs) {
            this(bootstrap, topicPrefix, partitions, parallelism, checkpointIntervalMs, Map.of());
        }

        /**
         * The same with job parameters added, e.g. {@code asyncrl.admission.*} limits (CostLimits) or
         * {@code asyncrl.guard.*} budgets (ExperimentBudget).
         */
        public Settings withJobParameters(Map<String, String> parameters) {
            return new Settings(bootstrap, topicPrefix, partitions, parallelism, checkpointIntervalMs,
                    new TreeMap<>(parameters));
        }

        List<String> programArgs() {
            List<String> args = new ArrayList<>(List.of("--bootstrap", bootstrap, "--topic-prefix", topicPrefix,
                    "--partitions", Integer.toString(partitions)));
            if (parallelism != null) {
                args.addAll(List.of("--parallelism", parallelism.toString()));
            }
            if (checkpointIntervalMs != null) {
                args.addAll(List.of("--checkpoint-interval-ms", checkpointIntervalMs.toString()));
            }
            new TreeMap<>(jobParameters).forEach((k, v) -> args.addAll(List.of("--" + k, v)));
            return args;
        }
    }

    /** Returns the id of the new, RUNNING service job. */
    public static String deploy(String flinkUrl, Path jar, Settings settings) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("job jar not found: " + jar
                    + " (build it with: mvn -B -pl jobs -am install -DskipTests)");
        }
        try (FlinkSessionClient flink = new FlinkSessionClient(flinkUrl)) {
            Optional<String> running = runningService(flink, settings.topicPrefix());
            if (running.isPresent()) {
                throw new IllegalStateException("a service for topic prefix '" + settings.topicPrefix()
                        + "' already runs on " + flinkUrl + " as job " + running.get());
            }
            JobID jobId = flink.submit(jar, ServiceJob.class.getName(), settings.programArgs(), settings.parallelism());
            JobStatus state = flink.awaitRunningOrEnded(jobId, RUNNING_TIMEOUT);
            if (state != JobStatus.RUNNING) {
                throw new IllegalStateException("service job " + jobId + " ended as " + state
                        + " right after it was submitted; see " + flink.url() + "/#/job/completed");
            }
            return jobId.toHexString();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("service job on " + flinkUrl + " is not RUNNING after "
                    + RUNNING_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** The id of the RUNNING (or starting) service job for {@code topicPrefix}, if any. */
    public static Optional<String> runningService(FlinkSessionClient flink, String topicPrefix) throws Exception {
        for (JobStatusMessage job : flink.jobs()) {
            if (ServiceJob.jobName(topicPrefix).equals(job.getJobName()) && !job.getJobState().isGloballyTerminalState()) {
                return Optional.of(job.getJobId().toHexString());
            }
        }
        return Optional.empty();
    }

    /** The job jar in a project checkout: {@code jobs/target/asyncrl-jobs-<version>-job.jar}. */
    public static Path defaultJar(Path home) throws IOException {
        Path target = home.resolve("jobs/target");
        if (Files.isDirectory(target)) {
            try (var files = Files.list(target)) {
                Optional<Path> jar = files.filter(p -> p.getFileName().toString().matches("asyncrl-jobs-.*-job\\.jar"))
                        .findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            }
        }
        return target.resolve("asyncrl-jobs-job.jar");
    }
}
