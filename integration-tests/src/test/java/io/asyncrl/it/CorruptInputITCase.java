package io.asyncrl.it;

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
 * had without them.
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
            try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (Topic t : INPUTS) {
                    producer.send(new ProducerRecord<>(t.name(prefix), "x".getBytes(StandardCharsets.UTF_8),
                            new byte[] {(byte) 0xff, 0x13, 0x37, (byte) 0x80, 0x01})).get();
                }
            }
            var spec = Examples.load("tiny-sync.yaml", "corrupt");
            String summary = LocalRunner.run(spec, RunOptions.defaults().withBootstrap(bootstrap).withTopicPrefix(prefix),
                    ProgressListener.NONE).summaryJson();
            assertEquals(new LocalPipeline(new CatalogParamsResolver(), -1).run(spec), summary);

            List<String> reasons = new ArrayList<>();
            try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(List.of(new TopicPartition(Topic.DEAD_LETTER.name(prefix), 0)));
                consumer.seekToBeginning(consumer.assignment());
                long deadline = System.currentTimeMillis() + 20_000;
                while (System.currentTimeMillis() < deadline && reasons.size() < INPUTS.size()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        reasons.add(new String(r.headers().lastHeader(DeadLetterHandler.REASON_HEADER).value(),
                                StandardCharsets.UTF_8));
                        assertEquals(5, r.value().length, "the original bytes are kept");
                    }
                }
            }
            for (Topic t : INPUTS) {
                assertTrue(reasons.stream().anyMatch(r -> r.contains(t.name(prefix))),
                        "dead letter from " + t.name(prefix) + " in " + reasons);
            }
        }
    }
}
