package io.asyncrl.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import io.asyncrl.connectors.TestingRecords;
import io.asyncrl.connectors.avro.AvroSerde;
import io.asyncrl.connectors.kafka.sink.KeyedAvroRecordSerializer;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SimEventKafkaTest {

    @Test
    void shouldKeyRecordsByExperimentIdAndLeaveTimestampToProducer() throws Exception {
        KeyedAvroRecordSerializer<SimEvent> serializer =
                new KeyedAvroRecordSerializer<>(SimEvent.class, "asyncrl.prompts", SimEvent::getExperimentId);
        serializer.open(null, null);
        SimEvent event = TestingRecords.promptEvent("exp-9", 5_000_000L, 3);

        ProducerRecord<byte[], byte[]> record = serializer.serialize(event, null, 5L);

        assertEquals("asyncrl.prompts", record.topic());
        assertNull(record.partition(), "the partitioner picks the partition from the key");
        assertNull(record.timestamp(), "simulated time must not become the Kafka timestamp");
        assertEquals("exp-9", new String(record.key(), StandardCharsets.UTF_8));
        assertEquals(event, AvroSerde.deserialize(record.value(), SimEvent.class));
    }

    @Test
    void shouldKeySpecsByTheirId() throws Exception {
        KeyedAvroRecordSerializer<ExperimentSpec> serializer =
                new KeyedAvroRecordSerializer<>(ExperimentSpec.class, "asyncrl.experiments", ExperimentSpec::getId);
        serializer.open(null, null);
        ProducerRecord<byte[], byte[]> record = serializer.serialize(TestingRecords.spec("exp-7"), null, null);
        assertEquals("exp-7", new String(record.key(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldBuildUnboundedSources() {
        assertEquals(Boundedness.CONTINUOUS_UNBOUNDED,
                SimEventKafka.source("127.0.0.1:9092", "asyncrl.prompts", "g").getBoundedness());
        assertEquals(Boundedness.CONTINUOUS_UNBOUNDED,
                SimEventKafka.experimentSource("127.0.0.1:9092", "asyncrl.experiments", "g").getBoundedness());
    }

    @Test
    void shouldWriteWithAnIdempotentProducerSoRetriesDoNotDuplicate() {
        // The at-least-once sinks rely on it: a retried send is written once (acks from every replica).
        Properties config = SimEventKafka.producerConfig();
        assertEquals("true", config.getProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("all", config.getProperty(ProducerConfig.ACKS_CONFIG));
        assertEquals(SimEventKafka.LINGER_MS, config.getProperty(ProducerConfig.LINGER_MS_CONFIG));
    }

    @Test
    void shouldRejectMissingArgumentsWithExactMessages() {
        assertMessage("bootstrap servers must not be blank", () -> SimEventKafka.source(null, "t", "g"));
        assertMessage("topic must not be blank", () -> SimEventKafka.source("b:1", "", "g"));
        assertMessage("group id must not be blank", () -> SimEventKafka.experimentSource("b:1", "t", " "));
        assertMessage("topic must not be blank", () -> SimEventKafka.sink("b:1", null));
        assertMessage("bootstrap servers must not be blank", () -> SpecProducer.send("", "t", TestingRecords.spec("x")));
        assertMessage("spec id must not be blank", () -> SpecProducer.send("b:1", "t", TestingRecords.spec("")));
    }

    private static void assertMessage(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
