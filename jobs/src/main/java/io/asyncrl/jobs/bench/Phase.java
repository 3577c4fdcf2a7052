package io.asyncrl.jobs.bench;

/**
 * One measured phase of a bench: wall and process CPU seconds and the Kafka records it stands for
 * (the in-memory pipeline moves the same events without Kafka, so it is credited with the records
 * the Flink+Kafka run sent, which makes the two rates comparable).
 */
public record Phase(double wallSeconds, double cpuSeconds, long records) {
    public double recordsPerSecond() {
        return records / wallSeconds;
    }

    public double perSecond(long count) {
        return count / wallSeconds;
    }
}
