package io.asyncrl.connectors.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;

import io.asyncrl.connectors.avro.AvroKafkaSerializer;
import io.asyncrl.schemas.SimEvent;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes SimEvents with a plain Kafka producer, keyed by experiment id exactly like the Flink sink
 * ({@link SimEventKafka#sink}), for the CLI and tests. Thread-safe, like the KafkaProducer inside.
 */
public final class SimEventProducer implements AutoCloseable {

    private final KafkaProducer<String, SimEvent> producer;

    public SimEventProducer(String bootstrap) {
        KafkaPreconditions.checkBootstrap(bootstrap);
        Map<String, Object> config = new HashMap<>();
        SimEventKafka.producerConfig().forEach((k, v) -> config.put((String) k, v));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "asyncrl-sim-event-producer");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new AvroKafkaSerializer<>());
    }

    /** Sends {@code event} to {@code topic} with key = its experiment id; the future completes on ack. */
    public Future<RecordMetadata> send(String topic, SimEvent event) {
        KafkaPreconditions.checkTopic(topic);
        Objects.requireNonNull(event, "event must not be null");
        KafkaPreconditions.checkNotBlank(event.getExperimentId(), "experiment id");
        return producer.send(new ProducerRecord<>(topic, event.getExperimentId(), event));
    }

    /** Blocks until every event sent so far is acknowledged. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
