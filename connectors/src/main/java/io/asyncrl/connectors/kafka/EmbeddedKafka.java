package io.asyncrl.connectors.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) running inside this JVM.
 *
 * <p>Built on Kafka's own {@link KafkaClusterTestKit}, so it is the production broker code, not a
 * fake. Clients reach it at {@code 127.0.0.1} on a free port (the advertised listener). The test
 * kit pre-binds its ports on all interfaces before the broker starts, so while it runs the broker
 * is also reachable from the network: do not run it on an untrusted one.
 *
 * <p>Every piece of broker state lives in a fresh directory that {@link #close()} deletes: the
 * node is formatted with a new cluster id on each start, so nothing could be reused anyway.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /**
     * Broker settings that make one node behave: internal topics with one replica and one
     * partition (fast group and transaction coordinators), no initial rebalance delay, and a
     * transaction timeout ceiling high enough for Flink's exactly-once sink default (1 h).
     */
    static final Map<String, String> BROKER_CONFIG = Map.ofEntries(
            Map.entry("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "1"),
            Map.entry("transaction.max.timeout.ms", "3600000"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("min.insync.replicas", "1"),
            Map.entry("default.replication.factor", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"));

    private final KafkaClusterTestKit cluster;
    private final Path dataDir;
    private final String bootstrapServers;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDir, String bootstrapServers) {
        this.cluster = cluster;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        // A CLI stopped with Ctrl-C still shuts the broker down and leaves no data behind.
        this.shutdownHook = new Thread(this::closeQuietly, "embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker whose data lives in a new temporary directory. */
    public static EmbeddedKafka start() {
        try {
            return startIn(Files.createTempDirectory("asyncrl-kafka-"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for Kafka", e);
        }
    }

    /**
     * Starts a broker whose data lives in a new subdirectory of {@code parentDir}; the
     * subdirectory is deleted on {@link #close()}, {@code parentDir} itself is left alone.
     */
    public static EmbeddedKafka start(Path parentDir) {
        Objects.requireNonNull(parentDir, "parentDir must not be null");
        try {
            Files.createDirectories(parentDir);
            return startIn(Files.createTempDirectory(parentDir, "kafka-"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a Kafka data directory under " + parentDir, e);
        }
    }

    private static EmbeddedKafka startIn(Path dataDir) {
        long startNanos = System.nanoTime();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .setBaseDirectory(dataDir)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
            BROKER_CONFIG.forEach(builder::setConfigProp);
            cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            String bootstrap = cluster.bootstrapServers().replace("localhost:", "127.0.0.1:");
            LOG.info("Embedded Kafka ready at {} in {} ms (data in {})",
                    bootstrap, (System.nanoTime() - startNanos) / 1_000_000, dataDir);
            return new EmbeddedKafka(cluster, dataDir, bootstrap);
        } catch (Exception e) {
            if (cluster != null) {
                closeQuietly(cluster);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Embedded Kafka failed to start in " + dataDir, e);
        }
    }

    /**
     * Formats the node's metadata directory. Kafka's formatter prints "Formatting metadata directory ..."
     * on {@code System.out}, which would land in the middle of a CLI's table: it goes to the log instead.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        synchronized (System.class) {
            java.io.PrintStream stdout = System.out;
            System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                cluster.format();
            } finally {
                System.setOut(stdout);
            }
        }
        String text = captured.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        if (!text.isEmpty()) {
            LOG.info("Kafka storage format: {}", text);
        }
    }

    /** {@code host:port} of the broker, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory holding this broker's logs and metadata; gone after {@link #close()}. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops broker and controller, waits for their threads, and deletes the data directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Called from the hook itself, or during JVM shutdown: nothing to unregister.
        }
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Embedded Kafka did not shut down cleanly", e);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka at {} did not shut down cleanly", bootstrapServers, e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Error while closing a half-started embedded Kafka", e);
        }
    }
}
