package io.asyncrl.jobs.pipeline;

import io.asyncrl.connectors.kafka.SimEventKafka;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.connectors.kafka.source.CorruptRecordHandler;
import io.asyncrl.connectors.kafka.source.DeadLetterHandler;
import io.asyncrl.connectors.kafka.source.SimEventBytes;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;

/**
 * Every topic on one Kafka cluster, names prefixed so that several deployments can share it.
 *
 * <p>Two ways to exactly-once results. The default: at-least-once sinks plus idempotent consumers
 * (producers number their records in state and re-emit deterministically after a restore; consumers
 * drop numbers already applied), so a record is visible downstream as soon as it is written. The
 * alternative ({@code transactional}): Kafka transactions committed with each checkpoint and
 * read-committed sources, so every hop, the feedback edge included, waits for a checkpoint.
 */
public final class KafkaPipelineIo implements PipelineIo {
    private final String bootstrap;
    private final String prefix;
    private final boolean transactional;
    private int sinks;

    public KafkaPipelineIo(String bootstrap, String prefix) {
        this(bootstrap, prefix, false);
    }

    public KafkaPipelineIo(String bootstrap, String prefix, boolean transactional) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        this.transactional = transactional;
    }

    @Override
    public Source<Submission, ?, ?> experiments() {
        return SubmissionKafka.source(bootstrap, Topic.EXPERIMENTS.name(prefix), prefix + "prompts");
    }

    @Override
    public Sink<DeadLetter> deadLetters() {
        return SubmissionKafka.deadLetterSink(bootstrap, Topic.DEAD_LETTER.name(prefix));
    }

    @Override
    public Source<SimEventBytes, ?, ?> source(Topic topic, String stage) {
        return transactional
                ? SimEventKafka.readCommittedBytesSource(bootstrap, topic.name(prefix), prefix + stage, corruptRecords())
                : SimEventKafka.bytesSource(bootstrap, topic.name(prefix), prefix + stage, corruptRecords());
    }

    /** Bytes that are not a SimEvent go to the dead-letter topic with the reason; the job keeps running. */
    @Override
    public CorruptRecordHandler corruptRecords() {
        return new DeadLetterHandler(bootstrap, Topic.DEAD_LETTER.name(prefix));
    }

    @Override
    public Sink<SimEvent> sink(Topic topic) {
        return transactional
                ? SimEventKafka.transactionalSink(bootstrap, topic.name(prefix), prefix + topic.baseName() + "-" + sinks++)
                : SimEventKafka.sink(bootstrap, topic.name(prefix));
    }
}
