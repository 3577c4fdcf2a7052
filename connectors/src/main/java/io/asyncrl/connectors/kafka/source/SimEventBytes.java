package io.asyncrl.connectors.kafka.source;

import java.nio.charset.StandardCharsets;

/**
 * A Kafka record of a SimEvent topic as it arrived, not yet decoded: the experiment id it is keyed by (read
 * from the value's first field, {@link io.asyncrl.connectors.avro.AvroSerde#leadingString}), where it was, and
 * its raw key and value. The pipeline's sources emit these and the keyed stage decodes each one once
 * ({@link SimEventBytesDecoder}), instead of the source decoding it and Flink's Avro serializer encoding and
 * decoding it again on the network hop to the stage (docs/performance.md, "one decode per record"). A Flink
 * POJO: its fields go through Flink's string, primitive and byte-array serializers, never Kryo.
 */
public final class SimEventBytes {
    /** The value's experiment id: the stages' key. */
    public String experimentId;
    public String topic;
    public int partition;
    public long offset;
    /** The Kafka record's key, kept for the dead-letter topic (the sinks write the experiment id). */
    public byte[] key;
    /** The Avro binary SimEvent, as written by the producer. */
    public byte[] value;

    public SimEventBytes() {}

    public SimEventBytes(String experimentId, String topic, int partition, long offset, byte[] key, byte[] value) {
        this.experimentId = experimentId;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
    }

    /** {@code topic-partition@offset}, the form used in log lines and dead-letter headers. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }

    @Override
    public String toString() {
        return "SimEventBytes[" + position() + ", experiment " + experimentId + ", key "
                + (key == null ? null : new String(key, StandardCharsets.UTF_8)) + ", "
                + (value == null ? 0 : value.length) + " bytes]";
    }
}
