package io.asyncrl.connectors.kafka.sink;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import io.asyncrl.connectors.avro.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes each element to one topic with key = experiment id (UTF-8) and value = Avro binary.
 * Keying by experiment sends all of one experiment's records to one partition, in order.
 *
 * <p>The Kafka record timestamp is left to the producer (wall-clock create time) on purpose: a
 * Flink element timestamp here is simulated time, and a 1970 timestamp would make the broker's
 * time-based retention delete the segment at once.
 */
public final class KeyedAvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> keyOf;

    public KeyedAvroRecordSerializer(Class<T> type, String topic, SerializableFunction<T, String> keyOf) {
        this.topic = Objects.requireNonNull(topic, "topic must not be null");
        this.keyOf = Objects.requireNonNull(keyOf, "key function must not be null");
        Objects.requireNonNull(type, "type must not be null");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String key = keyOf.apply(element);
        if (key == null) {
            throw new IllegalArgumentException("record for topic '" + topic + "' has no experiment id: " + element);
        }
        // AvroSerde writes the bytes flink-avro's AvroSerializationSchema.forSpecific writes, with a buffered
        // encoder and Avro's generated coders (docs/performance.md, batch payloads).
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), AvroSerde.serialize(element));
    }

    public String topic() {
        return topic;
    }
}
