package io.asyncrl.jobs.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts what a run left on its topics: records and key/value bytes per topic, read back from the
 * beginning to the end offsets once the run is over (so the pipeline's own clients are untouched
 * and nothing in its record format has to change to be measured).
 */
public final class TopicTraffic {
    private TopicTraffic() {}

    /** One topic's traffic; bytes are the serialized key and value, without Kafka's batch overhead. */
    public record Count(String topic, long records, long keyBytes, long valueBytes) {
        public int averageKeyBytes() {
            return records == 0 ? 0 : (int) Math.round((double) keyBytes / records);
        }

        public int averageValueBytes() {
            return records == 0 ? 0 : (int) Math.round((double) valueBytes / records);
        }
    }

    public static List<Count> count(String bootstrap, List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Count> counts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : topics) {
                counts.add(countOne(consumer, topic));
            }
        }
        return counts;
    }

    private static Count countOne(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        List<TopicPartition> parts = infos == null ? List.of()
                : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        long records = 0;
        long keyBytes = 0;
        long valueBytes = 0;
        while (!reached(consumer, end)) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                records++;
                keyBytes += r.key() == null ? 0 : r.key().length;
                valueBytes += r.value() == null ? 0 : r.value().length;
            }
        }
        return new Count(topic, records, keyBytes, valueBytes);
    }

    static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
