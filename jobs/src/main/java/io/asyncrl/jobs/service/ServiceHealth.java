package io.asyncrl.jobs.service;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Whether the service an experiment waits on is still there, so that a client following the
 * experiment says in one line which process died and what to do, instead of waiting out its time
 * limit (the Flink job of a dead TaskManager just waits for slots; a consumer of a dead broker just
 * retries). When the bootstrap is the broker of a {@code cluster start} folder on this machine, its
 * pid files are read: a process that died is named at once. Otherwise the broker is asked for its
 * nodes, with a short timeout.
 */
public final class ServiceHealth {
    private static final int KAFKA_TIMEOUT_MS = 5_000;

    private final String bootstrap;
    private final LocalCluster cluster;

    private ServiceHealth(String bootstrap, LocalCluster cluster) {
        this.bootstrap = bootstrap;
        this.cluster = cluster;
    }

    /**
     * The health of the service behind {@code bootstrap}; {@code clusterDir} is the folder of a
     * {@code cluster start} (checked only when its recorded Kafka port is the bootstrap's), or null.
     */
    public static ServiceHealth of(String bootstrap, Path clusterDir) {
        LocalCluster local = null;
        if (clusterDir != null && Files.isRegularFile(clusterDir.resolve(ClusterOptions.FILE))) {
            ClusterOptions o = ClusterOptions.defaults(clusterDir).withDir(clusterDir).withSavedPorts();
            LocalCluster c = new LocalCluster(o);
            if (c.bootstrap().equals(bootstrap) || ("localhost:" + o.kafkaPort()).equals(bootstrap)) {
                local = c;
            }
        }
        return new ServiceHealth(bootstrap, local);
    }

    /** One line naming what is down and what to do next (watch again), or empty when everything answers. */
    public Optional<String> problem() {
        return problem("watch");
    }

    /**
     * As {@link #problem()}, for the CLI command that asks ({@code watch}, {@code fetch} or {@code submit}): the line
     * says to run it again, and for submit that nothing was sent.
     */
    public Optional<String> problem(String command) {
        if (cluster != null) {
            for (String name : LocalCluster.PROCESSES) {
                Optional<String> pid = recordedPid(name);
                if (pid.isPresent() && cluster.running(name).isEmpty()) {
                    String died = "the " + describe(name) + " (pid " + pid.get() + ") of the cluster in " + cluster.dir()
                            + " has died (its log: " + cluster.dir().resolve("logs/" + name + ".log") + "); ";
                    return Optional.of(died + (name.equals(LocalCluster.JOBMANAGER)
                            ? "restart the cluster with 'asyncrl cluster stop --dir " + cluster.dir() + "', 'asyncrl "
                                    + "cluster start --dir " + cluster.dir() + "' and 'asyncrl deploy', then submit the "
                                    + "experiments that were running again"
                            : "start it again with 'asyncrl cluster start --dir " + cluster.dir() + "' (the service "
                                    + "job restores its last checkpoint and the experiments carry on), then watch again"));
                }
            }
            return Optional.empty();
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, KAFKA_TIMEOUT_MS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, KAFKA_TIMEOUT_MS))) {
            admin.describeCluster().nodes().get(KAFKA_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Optional.of("the Kafka broker at " + bootstrap + " does not answer (for "
                    + KAFKA_TIMEOUT_MS / 1000 + " s); start it again (asyncrl cluster start, or your broker's "
                    + "restart) and " + command + " again: " + (command.equals("submit") ? "nothing was submitted"
                    : "the service resumes from its topics"));
        }
    }

    private Optional<String> recordedPid(String name) {
        try {
            String[] parts = Files.readString(cluster.pidFile(name), StandardCharsets.UTF_8).trim().split("\\s+");
            return Optional.of(parts[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String describe(String name) {
        return switch (name) {
            case LocalCluster.KAFKA -> "Kafka broker";
            case LocalCluster.JOBMANAGER -> "Flink JobManager";
            case LocalCluster.TASKMANAGER -> "Flink TaskManager";
            default -> name;
        };
    }
}
