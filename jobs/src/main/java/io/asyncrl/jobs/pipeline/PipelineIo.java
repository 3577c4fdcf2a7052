package io.asyncrl.jobs.pipeline;

import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.connectors.kafka.source.CorruptRecordHandler;
import io.asyncrl.connectors.kafka.source.SimEventBytes;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;

/** The pipeline's sources and sinks, one per topic; production wires Kafka. */
public interface PipelineIo {
    /** Submitted experiment records, undecoded: the pipeline decodes and validates them itself. */
    Source<Submission, ?, ?> experiments();

    /** Where refused submissions go, with the reason. */
    Sink<DeadLetter> deadLetters();

    /**
     * A source of {@code topic} for the named consuming stage (each stage reads with its own group), its records
     * undecoded: the keyed stage decodes each once ({@link DecodingStage}).
     */
    Source<SimEventBytes, ?, ?> source(Topic topic, String stage);

    /** Where the records that do not decode go, from the sources and the stages that decode them. */
    CorruptRecordHandler corruptRecords();

    Sink<SimEvent> sink(Topic topic);
}
