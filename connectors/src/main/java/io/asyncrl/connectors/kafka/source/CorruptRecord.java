package io.asyncrl.connectors.kafka.source;

import java.nio.charset.StandardCharsets;

/**
 * A Kafka record whose value could not be decoded: where it was, what it held, and why it failed.
 * Carries the original key and value bytes so a handler can forward them to a dead-letter topic
 * unchanged.
 */
public record CorruptRecord(String topic, int partition, long offset, byte[] key, byte[] value, String reason) {

    /** The key as UTF-8 text (experiment id on every registry topic), or null when absent. */
    public String keyAsString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** {@code topic-partition@offset}, the form used in log lines. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
