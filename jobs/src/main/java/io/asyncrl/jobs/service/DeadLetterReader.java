package io.asyncrl.jobs.service;

import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.jobs.pipeline.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the dead-letter topic from its beginning: which submissions were refused, and why. */
public final class DeadLetterReader {
    private DeadLetterReader() {}

    /** A refused submission as it sits on the dead-letter topic. */
    public record Refused(String key, String reason, String source, byte[] value, long offset) {}

    /** Every record on the dead-letter topic of {@code prefix}, up to its current end. */
    public static List<Refused> readAll(String bootstrap, String prefix) {
        String topic = Topic.DEAD_LETTER.name(prefix);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "asyncrl-dead-letter-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Refused> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            var infos = c.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return out;
            }
            List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(new Refused(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                            header(r, DeadLetter.REASON_HEADER), header(r, DeadLetter.SOURCE_HEADER), r.value(),
                            r.offset()));
                }
            }
        }
        return out;
    }

    /** The reason the last submission with key {@code experimentId} was refused, or null when none was. */
    public static String reasonFor(String bootstrap, String prefix, String experimentId) {
        String reason = null;
        for (Refused r : readAll(bootstrap, prefix)) {
            if (experimentId.equals(r.key())) {
                reason = r.reason();
            }
        }
        return reason;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
