package io.asyncrl.jobs.service;

import java.nio.file.Path;

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

    public ClusterOptions withSlots(int n) {
        return new ClusterOptions(dir, home, restPort, rpcPort, kafkaPort, controllerPort, n);
    }
}
