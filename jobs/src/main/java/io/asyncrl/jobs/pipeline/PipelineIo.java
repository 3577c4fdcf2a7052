package io.asyncrl.jobs.pipeline;

import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;

/** The pipeline's sources and sinks, one per topic; production wires Kafka. */
public interface PipelineIo {
    /** Submitted experiment records, undecoded: the pipeline decodes and validates them itself. */
    Source<Submission, ?, ?> experiments();

    /** Where refused submissions go, with the reason. */
    Sink<DeadLetter> deadLetters();

    /** A source of {@code topic} for the named consuming stage (each stage reads with its own group). */
    Source<SimEvent, ?, ?> source(Topic topic, String stage);

    Sink<SimEvent> sink(Topic topic);
}
