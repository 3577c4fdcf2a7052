package io.asyncrl.connectors.kafka.source;

import java.io.Serializable;
import java.util.Objects;

import io.asyncrl.connectors.avro.AvroDecodeException;
import io.asyncrl.connectors.avro.AvroSerde;
import io.asyncrl.schemas.SimEvent;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Decodes {@link SimEventBytes} as SimEvents, strictly and in one pass ({@link AvroSerde#deserialize}), on the
 * thread of the keyed stage that consumes them. A value that does not decode is handed to a
 * {@link CorruptRecordHandler} with its original key, value, position and the reason, exactly as
 * {@link SkipCorruptAvroDeserializationSchema} hands it over in a source, and yields null: the stage skips it
 * and the job keeps running. Counted in the {@value SkipCorruptAvroDeserializationSchema#CORRUPT_RECORDS_METRIC}
 * metric of the group it is opened with and in {@link #corruptRecords()} (per instance, for tests).
 */
public final class SimEventBytesDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final CorruptRecordHandler handler;
    private transient Counter corruptCounter;
    private transient long corruptRecords;

    public SimEventBytesDecoder(CorruptRecordHandler handler) {
        this.handler = Objects.requireNonNull(handler, "corrupt record handler must not be null");
    }

    /** Registers the corrupt-record counter on {@code group}. */
    public void open(MetricGroup group) {
        corruptCounter = group.counter(SkipCorruptAvroDeserializationSchema.CORRUPT_RECORDS_METRIC);
    }

    /** The SimEvent in {@code record}, or null when it does not decode (the handler has it then). */
    public SimEvent decode(SimEventBytes record) {
        try {
            return AvroSerde.deserialize(record.topic, record.value, SimEvent.class);
        } catch (AvroDecodeException e) {
            corrupt(record, e);
            return null;
        }
    }

    /** Hands {@code record} to the handler as corrupt, for {@code e}. */
    void corrupt(SimEventBytes record, AvroDecodeException e) {
        corruptRecords++;
        if (corruptCounter != null) {
            corruptCounter.inc();
        }
        handler.handle(new CorruptRecord(record.topic, record.partition, record.offset, record.key, record.value,
                e.getMessage()));
    }

    /** Records refused by this instance since it was created or deserialized. */
    public long corruptRecords() {
        return corruptRecords;
    }
}
