package io.asyncrl.jobs.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * When the broker that {@code cluster start} launched is ready: it answers on its port with the
 * cluster id its storage was formatted with. An open port alone is not enough: another process that
 * took the port (after {@link PortCheck}, or on another address) answers a connect too, and the
 * broker started here dies on "address already in use" while the start reports success. A broker
 * that died while starting is named with the reason from its log when it is a taken port.
 */
final class BrokerReadiness {
    /**
     * How often to ask, and (below) how soon the asking client reconnects and retries: a run waits here for its broker
     * on its critical path, and with the clients' defaults (reconnect backoff growing to 1 s) plus a 300 ms poll the
     * answer came up to a second after the broker was ready (docs/performance.md, "Nineteenth session").
     */
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int ASK_TIMEOUT_MS = 1_000;

    private BrokerReadiness() {}

    /** The cluster id in the broker's formatted storage ({@code meta.properties}), if formatted. */
    static Optional<String> clusterId(Path dataDir) {
        Path meta = dataDir.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(p.getProperty("cluster.id"));
    }

    /**
     * Returns once the broker on {@code port} answers with {@code clusterId}; throws, naming the port and
     * the flag that changes it, when the broker died on a taken port, when another broker answers, or
     * after {@code timeout}. {@code checkAlive} throws when the started process has exited.
     */
    static void await(int port, String clusterId, Runnable checkAlive, List<Path> logs, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String bootstrap = "127.0.0.1:" + port;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ASK_TIMEOUT_MS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ASK_TIMEOUT_MS,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 20,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 50,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 20,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 50))) {
            while (true) {
                try {
                    checkAlive.run();
                } catch (RuntimeException died) {
                    if (logsSay(logs, "Address already in use")) {
                        throw new IllegalStateException("port " + port + " (kafka) was taken by another process while "
                                + "the broker started; stop it or choose another port with --kafka-port N");
                    }
                    throw died;
                }
                String answer = askClusterId(admin);
                if (clusterId.equals(answer)) {
                    return;
                }
                if (answer != null) {
                    throw new IllegalStateException("port " + port + " (kafka) is answered by another Kafka cluster ("
                            + answer + ", not " + clusterId + "); stop it or choose another port with --kafka-port N");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not answer on port " + port + " within "
                            + timeout.toSeconds() + " s (another process may hold the port); see " + logs.get(0)
                            + ", or choose another port with --kafka-port N");
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    private static String askClusterId(Admin admin) throws InterruptedException {
        try {
            return admin.describeCluster().clusterId().get(ASK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException notYet) {
            return null;
        }
    }

    private static boolean logsSay(List<Path> logs, String phrase) {
        for (Path log : logs) {
            try {
                if (Files.isRegularFile(log) && Files.readString(log, StandardCharsets.UTF_8).contains(phrase)) {
                    return true;
                }
            } catch (IOException | RuntimeException unreadable) {
                // not evidence either way
            }
        }
        return false;
    }
}
