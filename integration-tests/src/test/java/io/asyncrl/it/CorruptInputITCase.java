package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.connectors.kafka.EmbeddedKafka;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.connectors.kafka.TopicAdmin;
import io.asyncrl.connectors.kafka.source.DeadLetterHandler;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.local.LocalPipeline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Garbage on every input topic of the pipeline: each such record lands on the dead-letter topic with
 * its reason and original bytes, and the experiment still completes with the results it would have
 * had without them. Two kinds per topic, for the two places a record is refused since the stages decode
 * (docs/performance.md, "one decode per record"): bytes whose experiment id does not even read are
 * refused by the source; bytes that start with the running experiment's id and go on with garbage travel
 * to that experiment's keyed stage and are refused there, before the stage or its state see them.
 */
class CorruptInputITCase {
    private static final List<Topic> INPUTS = List.of(Topic.PROMPTS, Topic.TRAJECTORIES, Topic.SCORED,
            Topic.POLICY_VERSIONS, Topic.METRICS);

    @Test
    void shouldSendCorruptBytesToTheDeadLetterTopicAndKeepRunning() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            String prefix = "corrupt.";
            TopicAdmin.ensureTopics(bootstrap, prefix, 1);
            // The experiment's id, Avro-encoded (zigzag length 7, then the bytes), then an EventKind index of 1279.
            byte[] idThenGarbage = {0x0e, 'c', 'o', 'r', 'r', 'u', 'p', 't', (byte) 0xff, 0x13, 0x37};
            try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (Topic t : INPUTS) {
                    producer.send(new ProducerRecord<>(t.name(prefix), "x".getBytes(StandardCharsets.UTF_8),
                            new byte[] {(byte) 0xff, 0x13, 0x37, (byte) 0x80, 0x01})).get();
                    producer.send(new ProducerRecord<>(t.name(prefix), "x".getBytes(StandardCharsets.UTF_8),
                            idThenGarbage)).get();
                }
            }
            var spec = Examples.load("tiny-sync.yaml", "corrupt");
            String summary = LocalRunner.run(spec, RunOptions.defaults().withBootstrap(bootstrap).withTopicPrefix(prefix),
                    ProgressListener.NONE).summaryJson();
            assertEquals(new LocalPipeline(new CatalogParamsResolver(), -1).run(spec), summary);

            List<String> reasons = new ArrayList<>();
            List<String> sourceRefused = new ArrayList<>();
            List<String> stageRefused = new ArrayList<>();
            try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(List.of(new TopicPartition(Topic.DEAD_LETTER.name(prefix), 0)));
                consumer.seekToBeginning(consumer.assignment());
                long deadline = System.currentTimeMillis() + 20_000;
                while (System.currentTimeMillis() < deadline
                        && !(fromEvery(sourceRefused, prefix) && fromEvery(stageRefused, prefix))) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        String reason = new String(r.headers().lastHeader(DeadLetterHandler.REASON_HEADER).value(),
                                StandardCharsets.UTF_8);
                        reasons.add(reason);
                        assertEquals("x", new String(r.key(), StandardCharsets.UTF_8), "the original key is kept");
                        if (r.value().length == idThenGarbage.length) {
                            assertArrayEquals(idThenGarbage, r.value(), "the original bytes are kept");
                            stageRefused.add(reason);
                        } else {
                            assertEquals(5, r.value().length, "the original bytes are kept");
                            sourceRefused.add(reason);
                        }
                    }
                }
            }
            for (Topic t : INPUTS) {
                assertTrue(reasons.stream().anyMatch(r -> r.contains(t.name(prefix))),
                        "dead letter from " + t.name(prefix) + " in " + reasons);
                assertTrue(sourceRefused.stream().anyMatch(r -> r.contains(t.name(prefix))),
                        "dead letter of the bytes a source refused from " + t.name(prefix) + " in " + sourceRefused);
                assertTrue(stageRefused.stream().anyMatch(r -> r.contains(t.name(prefix))),
                        "dead letter of the bytes that reached a stage from " + t.name(prefix) + " in " + stageRefused);
            }
        }
    }

    /** Whether {@code reasons} name every input topic. */
    private static boolean fromEvery(List<String> reasons, String prefix) {
        return INPUTS.stream().allMatch(t -> reasons.stream().anyMatch(r -> r.contains(t.name(prefix))));
    }
}
