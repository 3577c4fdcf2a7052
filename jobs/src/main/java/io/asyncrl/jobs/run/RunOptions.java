package io.asyncrl.jobs.run;

import io.asyncrl.operators.flink.FaultInjection;
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
 * @param checkpointInterval Flink checkpoint interval (checkpointing is always on)
 * @param fault a stage to fail once mid-run, or null (recovery tests)
 * @param transactions use Kafka transactions instead of idempotent consumers for exactly-once
 * @param rolloutShards shards offered to each experiment's rollout (1: keyed by experiment alone)
 */
public record RunOptions(
        String bootstrap, int parallelism, int partitions, String topicPrefix, boolean webUi, int webUiPort,
        Duration timeout, Duration checkpointInterval, FaultInjection fault, boolean transactions,
        int rolloutShards) {

    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

    public RunOptions(String bootstrap, int parallelism, int partitions, String topicPrefix, boolean webUi,
            int webUiPort, Duration timeout) {
        this(bootstrap, parallelism, partitions, topicPrefix, webUi, webUiPort, timeout,
                DEFAULT_CHECKPOINT_INTERVAL, null, false, 1);
    }

    public RunOptions withTransactions(boolean t) {
        return new RunOptions(bootstrap, parallelism, partitions, topicPrefix, webUi, webUiPort, timeout,
                checkpointInterval, fault, t, rolloutShards);
    }

    public RunOptions withCheckpointInterval(Duration interval) {
        return new RunOptions(bootstrap, parallelism, partitions, topicPrefix, webUi, webUiPort, timeout, interval,
                fault, transactions, rolloutShards);
    }

    public RunOptions withFault(FaultInjection f) {
        return new RunOptions(bootstrap, parallelism, partitions, topicPrefix, webUi, webUiPort, timeout,
                checkpointInterval, f, transactions, rolloutShards);
    }

    public static RunOptions defaults() {
        return new RunOptions(null, 2, 1, "asyncrl.", false, 8081, Duration.ofMinutes(30));
    }

    public RunOptions withParallelism(int p) {
        return new RunOptions(bootstrap, p, partitions, topicPrefix, webUi, webUiPort, timeout, checkpointInterval, fault, transactions, rolloutShards);
    }

    public RunOptions withPartitions(int n) {
        return new RunOptions(bootstrap, parallelism, n, topicPrefix, webUi, webUiPort, timeout, checkpointInterval, fault, transactions, rolloutShards);
    }

    public RunOptions withBootstrap(String b) {
        return new RunOptions(b, parallelism, partitions, topicPrefix, webUi, webUiPort, timeout, checkpointInterval, fault, transactions, rolloutShards);
    }

    public RunOptions withTopicPrefix(String prefix) {
        return new RunOptions(bootstrap, parallelism, partitions, prefix, webUi, webUiPort, timeout, checkpointInterval, fault, transactions, rolloutShards);
    }

    public RunOptions withTimeout(Duration t) {
        return new RunOptions(bootstrap, parallelism, partitions, topicPrefix, webUi, webUiPort, t, checkpointInterval, fault, transactions, rolloutShards);
    }

    public RunOptions withRolloutShards(int shards) {
        return new RunOptions(bootstrap, parallelism, partitions, topicPrefix, webUi, webUiPort, timeout, checkpointInterval, fault, transactions, shards);
    }

    public RunOptions withWebUi(boolean ui, int port) {
        return new RunOptions(bootstrap, parallelism, partitions, topicPrefix, ui, port, timeout, checkpointInterval, fault, transactions, rolloutShards);
    }
}
