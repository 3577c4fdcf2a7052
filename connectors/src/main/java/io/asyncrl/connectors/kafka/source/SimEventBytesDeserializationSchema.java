package io.asyncrl.connectors.kafka.source;

import java.util.Objects;

import io.asyncrl.connectors.avro.AvroDecodeException;
import io.asyncrl.connectors.avro.AvroSerde;
import io.asyncrl.schemas.SimEvent;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Emits each Kafka record of a SimEvent topic undecoded, as {@link SimEventBytes} keyed by the experiment id
 * read from the value's first field ({@link AvroSerde#leadingString}); the keyed stage decodes the value
 * ({@link SimEventBytesDecoder}). The id comes from the value, not from the Kafka key, so every record is keyed
 * exactly as the decoded SimEvent was keyed before ({@code SimEvent.getExperimentId()}), whatever its Kafka key
 * says or whether it has one (the pipeline's sinks write the experiment id as the key, other producers may
 * not). A value whose id does not even read (a null value, a corrupt length prefix) cannot be keyed: it goes to
 * the {@link CorruptRecordHandler} here, with the reason the full decode would give (it reads this field
 * first), and emits nothing.
 */
public final class SimEventBytesDeserializationSchema implements KafkaRecordDeserializationSchema<SimEventBytes> {
    private static final long serialVersionUID = 1L;

    private final SimEventBytesDecoder corrupt;

    public SimEventBytesDeserializationSchema(CorruptRecordHandler handler) {
        this.corrupt = new SimEventBytesDecoder(Objects.requireNonNull(handler, "corrupt record handler must not be null"));
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        corrupt.open(context.getMetricGroup());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<SimEventBytes> out) {
        SimEventBytes record = new SimEventBytes(null, r.topic(), r.partition(), r.offset(), r.key(), r.value());
        try {
            record.experimentId = AvroSerde.leadingString(r.topic(), r.value(), SimEvent.class);
        } catch (AvroDecodeException e) {
            corrupt.corrupt(record, e);
            return;
        }
        out.collect(record);
    }

    /** Records refused by this instance since it was created or deserialized. */
    public long corruptRecords() {
        return corrupt.corruptRecords();
    }

    @Override
    public TypeInformation<SimEventBytes> getProducedType() {
        return TypeInformation.of(SimEventBytes.class);
    }
}
