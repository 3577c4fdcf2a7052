package io.asyncrl.connectors.avro;

/** Bytes that do not decode as the expected Avro record; the message names topic, class and size. */
public final class AvroDecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Class<?> type;

    AvroDecodeException(String topic, Class<?> type, int length, String reason, Throwable cause) {
        super("Corrupt Avro record: " + length + " bytes"
                + (topic == null ? "" : " on topic '" + topic + "'")
                + " do not decode as " + type.getName() + " (" + reason + ")", cause);
        this.topic = topic;
        this.type = type;
    }

    /** The topic the bytes came from, or null when decoded outside Kafka. */
    public String topic() {
        return topic;
    }

    /** The record class the bytes were expected to hold. */
    public Class<?> type() {
        return type;
    }
}
