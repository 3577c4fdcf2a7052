package io.asyncrl.connectors.avro;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka {@link Serializer} writing {@link AvroSerde} bytes. */
public final class AvroKafkaSerializer<T extends SpecificRecord> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : AvroSerde.serialize(data);
    }
}
