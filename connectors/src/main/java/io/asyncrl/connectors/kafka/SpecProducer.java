package io.asyncrl.connectors.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.asyncrl.connectors.avro.AvroKafkaSerializer;
import io.asyncrl.schemas.ExperimentSpec;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Submits an experiment: one ExperimentSpec record, key = spec id, on the experiments topic. */
public final class SpecProducer {

    /** How long {@link #send} waits for the broker's acknowledgement. */
    static final long ACK_TIMEOUT_MS = 30_000;

    private SpecProducer() {
    }

    /** Sends {@code spec} and returns once all in-sync replicas have it. */
    public static RecordMetadata send(String bootstrap, String topic, ExperimentSpec spec) {
        KafkaPreconditions.checkBootstrap(bootstrap);
        KafkaPreconditions.checkTopic(topic);
        Objects.requireNonNull(spec, "spec must not be null");
        KafkaPreconditions.checkNotBlank(spec.getId(), "spec id");
        Map<String, Object> config = new HashMap<>();
        SimEventKafka.producerConfig().forEach((k, v) -> config.put((String) k, v));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "asyncrl-spec-producer");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ACK_TIMEOUT_MS);
        try (KafkaProducer<String, ExperimentSpec> producer =
                new KafkaProducer<>(config, new StringSerializer(), new AvroKafkaSerializer<>())) {
            return producer.send(new ProducerRecord<>(topic, spec.getId(), spec))
                    .get(ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending experiment " + spec.getId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot send experiment " + spec.getId() + " to '" + topic
                    + "' on " + bootstrap, e instanceof ExecutionException ? e.getCause() : e);
        }
    }
}
