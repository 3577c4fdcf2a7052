package io.asyncrl.connectors.kafka.source;

import java.util.Objects;

import io.asyncrl.connectors.avro.AvroDecodeException;
import io.asyncrl.connectors.avro.AvroSerde;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes Kafka record values as one Avro record class; a value that does not decode (or is
 * null) is handed to a {@link CorruptRecordHandler} and emits nothing, so one bad record never
 * fails the job.
 *
 * <p>Decoding goes through {@link AvroSerde} with a fresh decoder over each value, not through
 * flink-avro's {@code AvroDeserializationSchema}: that one keeps a single buffered decoder across
 * records, so bytes left unread by a corrupt record would be read as the start of the next,
 * valid one. Strict decoding also rejects values with trailing bytes. The produced type is the
 * same {@link AvroTypeInfo} flink-avro would give, so downstream serialization is unchanged.
 *
 * <p>Skipped records are counted in the {@code corruptRecords} metric of the source's group and
 * in {@link #corruptRecords()} (per instance, for tests).
 */
public final class SkipCorruptAvroDeserializationSchema<T extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<T> {

    private static final long serialVersionUID = 1L;

    /** Name of the metric counting skipped records. */
    public static final String CORRUPT_RECORDS_METRIC = "corruptRecords";

    private final Class<T> type;
    private final CorruptRecordHandler handler;
    private transient Counter corruptCounter;
    private transient long corruptRecords;

    public SkipCorruptAvroDeserializationSchema(Class<T> type, CorruptRecordHandler handler) {
        this.type = Objects.requireNonNull(type, "type must not be null");
        this.handler = Objects.requireNonNull(handler, "corrupt record handler must not be null");
    }

    /** Skips corrupt records with a WARN log line each. */
    public static <T extends SpecificRecordBase> SkipCorruptAvroDeserializationSchema<T> logging(Class<T> type) {
        return new SkipCorruptAvroDeserializationSchema<>(type, CorruptRecordHandler.logging());
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        corruptCounter = context.getMetricGroup().counter(CORRUPT_RECORDS_METRIC);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        T value;
        try {
            value = AvroSerde.deserialize(record.topic(), record.value(), type);
        } catch (AvroDecodeException e) {
            corruptRecords++;
            if (corruptCounter != null) {
                corruptCounter.inc();
            }
            handler.handle(new CorruptRecord(record.topic(), record.partition(), record.offset(),
                    record.key(), record.value(), e.getMessage()));
            return;
        }
        out.collect(value);
    }

    /** Records skipped by this instance since it was created or deserialized. */
    public long corruptRecords() {
        return corruptRecords;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return new AvroTypeInfo<>(type);
    }
}
