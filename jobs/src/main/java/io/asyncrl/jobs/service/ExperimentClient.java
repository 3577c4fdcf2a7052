package io.asyncrl.jobs.service;

import io.asyncrl.connectors.kafka.SpecProducer;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.result.ResultCollector;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.connectors.avro.AvroDecodeException;
import io.asyncrl.connectors.avro.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A researcher's side of the service: submit an experiment as a record on the experiments topic,
 * then read its progress and results back from the result topics. Talks only to Kafka.
 */
public final class ExperimentClient {
    static final int HEALTH_CHECK_SECONDS = 2;
    /** How often {@link #await} looks at the dead-letter topic while it waits. */
    private static final Duration DEAD_LETTER_CHECK = Duration.ofSeconds(3);

    private final String bootstrap;
    private final String prefix;

    public ExperimentClient(String bootstrap, String topicPrefix) {
        this.bootstrap = bootstrap;
        this.prefix = topicPrefix;
    }

    /**
     * Produces {@code spec} (already validated by the caller) keyed by its id. Refuses when the
     * experiments topic does not exist, which means no service was deployed for this prefix.
     */
    public void submit(ExperimentSpec spec) {
        String topic = Topic.EXPERIMENTS.name(prefix);
        if (!topicExists(topic)) {
            throw new IllegalStateException("topic '" + topic + "' does not exist on " + bootstrap
                    + ": deploy the service first (asyncrl deploy), or check --topic-prefix");
        }
        SpecProducer.send(bootstrap, topic, spec);
    }

    /**
     * Waits until the experiment's summary is on the summaries topic and returns everything a local
     * run returns. Reports each step to {@code progress} as it arrives. Works before, during and after
     * the run (every topic is read from its beginning).
     *
     * @throws RefusedException when the service sent the submission to the dead-letter topic
     * @throws IllegalStateException when {@code timeout} passes first
     */
    public RunResult await(String experimentId, int totalSteps, Duration timeout, ProgressListener progress)
            throws InterruptedException {
        return await(experimentId, totalSteps, timeout, progress, null);
    }

    /**
     * As {@link #await(String, int, Duration, ProgressListener)}, checking {@code health} (when not null)
     * every {@value #HEALTH_CHECK_SECONDS} s.
     *
     * @throws ServiceDownException when a process of the service has died or the broker does not answer
     */
    public RunResult await(String experimentId, int totalSteps, Duration timeout, ProgressListener progress,
            ServiceHealth health) throws InterruptedException {
        // on the monotonic clock: a step of the wall clock neither ends nor stretches the wait
        long started = System.nanoTime();
        long nextHealthCheck = started;
        long deadline = started + timeout.toNanos();
        long nextDeadLetterCheck = started;
        try (ResultCollector results = new ResultCollector(bootstrap, prefix, experimentId)) {
            while (!results.poll(Duration.ofMillis(300), totalSteps, Duration.ofNanos(System.nanoTime() - started), progress)) {
                if (results.steps().isEmpty() && System.nanoTime() - nextDeadLetterCheck > 0) {
                    String reason = DeadLetterReader.reasonFor(bootstrap, prefix, experimentId);
                    if (reason != null) {
                        throw new RefusedException(experimentId, reason);
                    }
                    nextDeadLetterCheck = System.nanoTime() + DEAD_LETTER_CHECK.toNanos();
                }
                if (health != null && System.nanoTime() - nextHealthCheck > 0) {
                    Optional<String> problem = health.problem();
                    if (problem.isPresent()) {
                        throw new ServiceDownException(problem.get());
                    }
                    nextHealthCheck = System.nanoTime() + HEALTH_CHECK_SECONDS * 1_000_000_000L;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("experiment " + experimentId + " has no summary after "
                            + timeout.toSeconds() + " s (" + results.steps().size() + " step reports so far)");
                }
            }
            return results.finish(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * The last spec submitted under {@code experimentId}, read from the experiments topic; empty when
     * there is none (records that do not decode are skipped).
     */
    public Optional<ExperimentSpec> findSpec(String experimentId) {
        String topic = Topic.EXPERIMENTS.name(prefix);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "asyncrl-experiment-lookup",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        ExperimentSpec found = null;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            var infos = c.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic '" + topic + "' does not exist on " + bootstrap
                        + ": no service was deployed with this --topic-prefix");
            }
            List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            byte[] key = experimentId.getBytes(StandardCharsets.UTF_8);
            while (parts.stream().anyMatch(p -> c.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (Arrays.equals(key, r.key())) {
                        try {
                            found = AvroSerde.deserialize(topic, r.value(), ExperimentSpec.class);
                        } catch (AvroDecodeException corrupt) {
                            // not a spec; the dead-letter topic says why
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(found);
    }

    private boolean topicExists(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            return names.contains(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics on " + bootstrap, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap, e);
        }
    }

    /** A process of the service died while an experiment was followed; the message says which and what to do. */
    public static final class ServiceDownException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ServiceDownException(String message) {
            super(message);
        }
    }

    /** The service refused the submission: it is on the dead-letter topic with this reason. */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RefusedException(String experimentId, String reason) {
            super("the service refused experiment " + experimentId + ": " + reason);
        }
    }
}
