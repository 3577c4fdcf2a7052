package io.asyncrl.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.asyncrl.connectors.TestingRecords;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Flink KafkaSource and KafkaSink of {@link SimEventKafka} in a MiniCluster job against the real broker. */
class SimEventKafkaITCase {

    private static final String PREFIX = "flink.";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        TopicAdmin.ensureTopics(kafka.bootstrapServers(), PREFIX, 3);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldCopyEventsThroughFlinkSkippingCorruptOnesAndKeepingEachExperimentInOrder() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        String in = Topic.PROMPTS.name(PREFIX);
        String specs = Topic.EXPERIMENTS.name(PREFIX);
        String out = Topic.SCORED.name(PREFIX);
        List<String> experiments = List.of("exp-1", "exp-2", "exp-3", "exp-4");
        int perExperiment = 25;
        try (SimEventProducer producer = new SimEventProducer(bootstrap);
                KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(
                        Map.of("bootstrap.servers", bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < perExperiment; i++) {
                for (String exp : experiments) {
                    producer.send(in, TestingRecords.promptEvent(exp, 100L * i, i));
                }
                if (i == 10) {
                    raw.send(new ProducerRecord<>(in, "exp-2".getBytes(StandardCharsets.UTF_8), new byte[] {0x0A, 1, 2})).get();
                }
            }
            producer.flush();
        }
        SpecProducer.send(bootstrap, specs, TestingRecords.spec("exp-1"));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<SimEvent> events = env.fromSource(
                SimEventKafka.source(bootstrap, in, "it-prompts"), WatermarkStrategy.noWatermarks(), "prompts");
        DataStream<SimEvent> specEvents = env.fromSource(
                        SimEventKafka.experimentSource(bootstrap, specs, "it-specs"), WatermarkStrategy.noWatermarks(), "specs")
                .map(SimEventKafkaITCase::specEvent, new AvroTypeInfo<>(SimEvent.class));
        events.union(specEvents).sinkTo(SimEventKafka.sink(bootstrap, out));
        JobClient job = env.executeAsync("sim-event-kafka-it");

        List<SimEvent> copied = new ArrayList<>();
        try (SimEventConsumer consumer = new SimEventConsumer(bootstrap, out)) {
            long deadline = System.currentTimeMillis() + 30_000;
            int expected = experiments.size() * perExperiment + 1;
            while (copied.size() < expected && System.currentTimeMillis() < deadline) {
                copied.addAll(consumer.poll(Duration.ofMillis(200)));
            }
        } finally {
            job.cancel().get();
        }

        assertEquals(experiments.size() * perExperiment + 1, copied.size());
        List<SimEvent> specOut = copied.stream().filter(e -> e.getKind() == EventKind.SPEC).collect(Collectors.toList());
        assertEquals(1, specOut.size());
        assertEquals("exp-1", specOut.get(0).getExperimentId());
        assertTrue(specOut.get(0).getPayload() instanceof ExperimentSpec);
        for (String exp : experiments) {
            List<Long> times = copied.stream()
                    .filter(e -> e.getKind() == EventKind.DATA && e.getExperimentId().equals(exp))
                    .map(SimEvent::getTimeUs)
                    .collect(Collectors.toList());
            assertEquals(perExperiment, times.size(), exp);
            assertEquals(times.stream().sorted().collect(Collectors.toList()), times, exp + " reordered");
        }
    }

    private static SimEvent specEvent(ExperimentSpec spec) {
        return SimEvent.newBuilder()
                .setExperimentId(spec.getId())
                .setKind(EventKind.SPEC)
                .setTimeUs(0)
                .setPayload(spec)
                .build();
    }
}
