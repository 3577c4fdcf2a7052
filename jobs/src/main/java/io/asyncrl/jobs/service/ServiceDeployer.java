package io.asyncrl.jobs.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deploys the service job on a running Flink session cluster through its REST API: uploads the
 * job jar, runs {@link ServiceJob} with the Kafka settings as program arguments, and waits until
 * the job is RUNNING. One service per topic prefix: deploying a second one for a prefix whose
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
            Long checkpointIntervalMs) {

        List<String> programArgs() {
            List<String> args = new ArrayList<>(List.of("--bootstrap", bootstrap, "--topic-prefix", topicPrefix,
                    "--partitions", Integer.toString(partitions)));
            if (parallelism != null) {
                args.addAll(List.of("--parallelism", parallelism.toString()));
            }
            if (checkpointIntervalMs != null) {
                args.addAll(List.of("--checkpoint-interval-ms", checkpointIntervalMs.toString()));
            }
            return args;
        }
    }

    /** Returns the id of the new, RUNNING service job. */
    public static String deploy(String flinkUrl, Path jar, Settings settings) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("job jar not found: " + jar
                    + " (build it with: mvn -B -pl jobs -am install -DskipTests)");
        }
        FlinkRest rest = new FlinkRest(flinkUrl);
        Optional<String> running = runningService(rest, settings.topicPrefix());
        if (running.isPresent()) {
            throw new IllegalStateException("a service for topic prefix '" + settings.topicPrefix()
                    + "' already runs on " + flinkUrl + " as job " + running.get());
        }
        String jarId = rest.uploadJar(jar);
        String jobId = rest.runJar(jarId, ServiceJob.class.getName(), settings.programArgs(), settings.parallelism());
        awaitRunning(rest, jobId);
        return jobId;
    }

    /** The id of the RUNNING (or starting) service job for {@code topicPrefix}, if any. */
    public static Optional<String> runningService(FlinkRest rest, String topicPrefix)
            throws IOException, InterruptedException {
        for (JsonNode job : rest.jobs().path("jobs")) {
            String state = job.path("state").asText();
            if (ServiceJob.jobName(topicPrefix).equals(job.path("name").asText())
                    && !List.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
                return Optional.of(job.path("jid").asText());
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

    private static void awaitRunning(FlinkRest rest, String jobId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RUNNING_TIMEOUT.toNanos();
        while (true) {
            String state = rest.jobState(jobId);
            if (state.equals("RUNNING")) {
                return;
            }
            if (List.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
                throw new IllegalStateException("service job " + jobId + " ended as " + state
                        + " right after it was submitted; see " + rest.baseUrl() + "/#/job/completed");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("service job " + jobId + " is still " + state + " after "
                        + RUNNING_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }
}
