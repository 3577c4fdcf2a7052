package io.asyncrl.jobs.pipeline;

/**
 * One record of the experiments topic as it arrived: where it was and its raw key and value. The
 * pipeline decodes and validates it itself ({@link AdmitExperiment}), so that a record that does
 * not decode or validate can be forwarded unchanged to the dead-letter topic. A Flink POJO.
 */
public final class Submission {
    public String topic;
    public int partition;
    public long offset;
    public byte[] key;
    public byte[] value;

    public Submission() {}

    public Submission(String topic, int partition, long offset, byte[] key, byte[] value) {
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
}
