package io.asyncrl.jobs.pipeline;

/**
 * A refused submission on its way to the dead-letter topic: the original key and value bytes,
 * where they came from, and why they were refused. A Flink POJO.
 */
public final class DeadLetter {
    /** Kafka header holding {@link #reason} (UTF-8). */
    public static final String REASON_HEADER = "asyncrl.reason";
    /** Kafka header holding {@link #source}, {@code topic-partition@offset} (UTF-8). */
    public static final String SOURCE_HEADER = "asyncrl.source";

    public byte[] key;
    public byte[] value;
    public String source;
    public String reason;

    public DeadLetter() {}

    public DeadLetter(byte[] key, byte[] value, String source, String reason) {
        this.key = key;
        this.value = value;
        this.source = source;
        this.reason = reason;
    }
}
