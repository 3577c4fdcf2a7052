package io.asyncrl.connectors.avro;

import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} reading {@link AvroSerde} bytes as one record class. Corrupt bytes
 * throw {@link AvroDecodeException}, which the consumer wraps in a
 * {@code RecordDeserializationException} carrying partition and offset.
 */
public final class AvroKafkaDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> type;

    public AvroKafkaDeserializer(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type must not be null");
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : AvroSerde.deserialize(topic, data, type);
    }
}
