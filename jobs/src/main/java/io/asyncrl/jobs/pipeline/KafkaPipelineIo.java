package io.asyncrl.jobs.pipeline;

import io.asyncrl.connectors.kafka.SimEventKafka;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;

/** Every topic on one Kafka cluster, names prefixed so that several deployments can share it. */
public final class KafkaPipelineIo implements PipelineIo {
    private final String bootstrap;
    private final String prefix;

    public KafkaPipelineIo(String bootstrap, String prefix) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
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
    public Source<SimEvent, ?, ?> source(Topic topic, String stage) {
        return SimEventKafka.source(bootstrap, topic.name(prefix), prefix + stage);
    }

    @Override
    public Sink<SimEvent> sink(Topic topic) {
        return SimEventKafka.sink(bootstrap, topic.name(prefix));
    }
}
