package io.asyncrl.jobs.run;

import java.time.Duration;

/**
 * How a local run is wired.
 *
 * @param bootstrap Kafka to use, or null to start an embedded KRaft broker for the run
 * @param parallelism Flink parallelism of every stage
 * @param partitions partitions per topic when the run creates its topics
 * @param topicPrefix prefix of every topic name
 * @param webUi serve Flink's Web UI on {@code webUiPort} while the job runs
 * @param webUiPort port of the Web UI
 * @param timeout wall-clock limit for the whole run
 */
public record RunOptions(
        String bootstrap, int parallelism, int partitions, String topicPrefix, boolean webUi, int webUiPort,
        Duration timeout) {

    public static RunOptions defaults() {
        return new RunOptions(null, 2, 1, "asyncrl.", false, 8081, Duration.ofMinutes(30));
    }

    public RunOptions withParallelism(int p) {
        return new RunOptions(bootstrap, p, partitions, topicPrefix, webUi, webUiPort, timeout);
    }

    public RunOptions withPartitions(int n) {
        return new RunOptions(bootstrap, parallelism, n, topicPrefix, webUi, webUiPort, timeout);
    }

    public RunOptions withBootstrap(String b) {
        return new RunOptions(b, parallelism, partitions, topicPrefix, webUi, webUiPort, timeout);
    }

    public RunOptions withTopicPrefix(String prefix) {
        return new RunOptions(bootstrap, parallelism, partitions, prefix, webUi, webUiPort, timeout);
    }

    public RunOptions withWebUi(boolean ui, int port) {
        return new RunOptions(bootstrap, parallelism, partitions, topicPrefix, ui, port, timeout);
    }
}
