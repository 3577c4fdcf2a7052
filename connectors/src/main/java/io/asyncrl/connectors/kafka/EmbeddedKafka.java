package io.asyncrl.connectors.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) running inside this JVM.
 *
 * <p>Built on Kafka's own server classes ({@link KafkaRaftServer}, storage formatted by Kafka's
 * {@link Formatter}), as the child broker of {@code asyncrl cluster} is, so it is the production broker
 * code, not a fake and not a test artifact. Both listeners bind {@code 127.0.0.1} only, on ports
 * found free just before the start (another process could take one in between; the start then fails
 * with the port named).
 *
 * <p>Every piece of broker state lives in a fresh directory that {@link #close()} deletes: the
 * node is formatted with a new cluster id on each start, so nothing could be reused anyway.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /**
     * The log cleaner's key-to-offset map ({@code log.cleaner.dedupe.buffer.size}): 2 MiB, as Kafka's own embedded test
     * brokers use, instead of the 128 MiB default. The cleaner compacts only the internal topics here (consumer
     * offsets, transaction state), a few keys per experiment; 2 MiB holds about 80,000 keys a pass. The default is one
     * heap array allocated at the broker's start, which in this JVM the young collections then copied into memory
     * touched for the first time: the first collection of a {@code bench}'s Flink phase paused 1.46 s
     * (docs/performance.md, seventeenth session).
     */
    public static final long CLEANER_DEDUPE_BUFFER_BYTES = 2L * 1024 * 1024;
    /** Kafka's name of that setting ({@code CleanerConfig.LOG_CLEANER_DEDUPE_BUFFER_SIZE_PROP}). */
    public static final String CLEANER_DEDUPE_BUFFER_SIZE = "log.cleaner.dedupe.buffer.size";

    /**
     * Broker settings that make one node behave: internal topics with one replica and one
     * partition (fast group and transaction coordinators), no initial rebalance delay, a
     * transaction timeout ceiling high enough for Flink's exactly-once sink default (1 h), and a
     * log cleaner's key map of {@link #CLEANER_DEDUPE_BUFFER_BYTES}.
     */
    static final Map<String, String> BROKER_CONFIG = Map.ofEntries(
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
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry(CLEANER_DEDUPE_BUFFER_SIZE, Long.toString(CLEANER_DEDUPE_BUFFER_BYTES)));

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String bootstrapServers;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, String bootstrapServers) {
        this.server = server;
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
        KafkaRaftServer server = null;
        try {
            int port = freePort();
            int controllerPort = freePort();
            String logDir = dataDir.resolve("log").toString();
            Map<String, String> props = new HashMap<>(BROKER_CONFIG);
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "EXTERNAL://127.0.0.1:" + port);
            props.put("listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "EXTERNAL");
            props.put("controller.listener.names", "CONTROLLER");
            props.put("log.dirs", logDir);
            KafkaConfig config = new KafkaConfig(props);
            format(logDir);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + port;
            awaitReady(bootstrap);
            LOG.info("Embedded Kafka ready at {} in {} ms (data in {})",
                    bootstrap, (System.nanoTime() - startNanos) / 1_000_000, dataDir);
            return new EmbeddedKafka(server, dataDir, bootstrap);
        } catch (Exception e) {
            if (server != null) {
                stopQuietly(server);
            }
            deleteQuietly(dataDir);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Embedded Kafka failed to start in " + dataDir, e);
        }
    }

    /**
     * Formats the node's log directory (new cluster id, latest production metadata version), as
     * {@code kafka-storage format} does. Kafka's formatter prints "Formatting ..." lines, which go to the
     * log instead of a CLI's standard output.
     */
    private static void format(String logDir) throws Exception {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        new Formatter()
                .setPrintStream(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir))
                .setMetadataLogDirectory(logDir)
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();
        String text = captured.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        if (!text.isEmpty()) {
            LOG.info("Kafka storage format: {}", text);
        }
    }

    /** Waits until the broker answers metadata requests (it registered with its controller). */
    private static void awaitReady(String bootstrap) throws Exception {
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(conf)) {
            int brokers = admin.describeCluster().nodes().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS).size();
            if (brokers < 1) {
                throw new IllegalStateException("the broker at " + bootstrap + " reports no live broker");
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
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
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Embedded Kafka did not shut down cleanly", e);
        } finally {
            deleteQuietly(dataDir);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka at {} did not shut down cleanly", bootstrapServers, e);
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while stopping a half-started embedded Kafka", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete the embedded Kafka data in {}", dir, e);
        }
    }
}
