package io.asyncrl.jobs.service;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where and on which ports {@link LocalCluster} runs.
 *
 * @param dir run folder: pid files, logs, generated configs, Kafka data and checkpoints
 * @param home the project checkout, whose {@code jobs/target/classpath.txt} lists the jars to run
 * @param restPort Flink REST API and Web UI
 * @param rpcPort Flink JobManager RPC
 * @param kafkaPort Kafka broker listener (the bootstrap port)
 * @param controllerPort Kafka KRaft controller listener
 * @param slots task slots of the one TaskManager (the service job's parallelism is at most this)
 */
public record ClusterOptions(Path dir, Path home, int restPort, int rpcPort, int kafkaPort, int controllerPort, int slots) {

    public static ClusterOptions defaults(Path home) {
        return new ClusterOptions(home.resolve("runs/cluster"), home, 8081, 6123, 9092, 9093, 4);
    }

    public ClusterOptions withDir(Path d) {
        return new ClusterOptions(d, home, restPort, rpcPort, kafkaPort, controllerPort, slots);
    }

    public ClusterOptions withPorts(int rest, int rpc, int kafka, int controller) {
        return new ClusterOptions(dir, home, rest, rpc, kafka, controller, slots);
    }

    /**
     * These options on four ports that were free a moment ago, distinct: the sockets are held open together while
     * choosing (one closed before the next is opened could be handed out again).
     */
    public ClusterOptions withFreePorts() throws IOException {
        java.net.ServerSocket[] sockets = new java.net.ServerSocket[4];
        try {
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = new java.net.ServerSocket(0);
            }
            return withPorts(sockets[0].getLocalPort(), sockets[1].getLocalPort(), sockets[2].getLocalPort(),
                    sockets[3].getLocalPort());
        } finally {
            for (java.net.ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    public ClusterOptions withSlots(int n) {
        return new ClusterOptions(dir, home, restPort, rpcPort, kafkaPort, controllerPort, n);
    }

    static final String FILE = "cluster.properties";

    /** Records the ports in {@code dir/cluster.properties}, so that status and stop find them. */
    void save() {
        Properties p = new Properties();
        p.setProperty("rest.port", Integer.toString(restPort));
        p.setProperty("rpc.port", Integer.toString(rpcPort));
        p.setProperty("kafka.port", Integer.toString(kafkaPort));
        p.setProperty("controller.port", Integer.toString(controllerPort));
        p.setProperty("slots", Integer.toString(slots));
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.store(w, "asyncrl cluster start");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** These options with the ports a previous start recorded in {@code dir}, if it did. */
    public ClusterOptions withSavedPorts() {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return this;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClusterOptions(dir, home,
                Integer.parseInt(p.getProperty("rest.port", Integer.toString(restPort))),
                Integer.parseInt(p.getProperty("rpc.port", Integer.toString(rpcPort))),
                Integer.parseInt(p.getProperty("kafka.port", Integer.toString(kafkaPort))),
                Integer.parseInt(p.getProperty("controller.port", Integer.toString(controllerPort))),
                Integer.parseInt(p.getProperty("slots", Integer.toString(slots))));
    }
}
