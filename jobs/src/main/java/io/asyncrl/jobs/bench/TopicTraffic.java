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
import io.asyncrl.connectors.avro.AvroSerde;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.operators.stage.Batches;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;

/**
 * Counts what a run left on its topics: records and key/value bytes per topic, read back from the
 * beginning to the end offsets once the run is over (so the pipeline's own clients are untouched
 * and nothing in its record format has to change to be measured). Each record's key and value size is
 * kept, in topic order, so that raw Kafka can send records of exactly these sizes; each value is decoded
 * to count the data records it carries (a BATCH record carries several).
 */
public final class TopicTraffic {
    private TopicTraffic() {}

    /**
     * One topic's traffic; bytes are the serialized key and value, without Kafka's batch overhead.
     * {@code dataRecords} counts a batch's items one by one (and every other record as one).
     */
    public record Count(String topic, long records, long keyBytes, long valueBytes, long dataRecords,
            RecordSizes sizes, RecordSizes unbatchedSizes) {
        /** Records of equal (average) sizes, each one data record. */
        public Count(String topic, long records, long keyBytes, long valueBytes) {
            this(topic, records, keyBytes, valueBytes, records, uniform(records, keyBytes, valueBytes),
                    uniform(records, keyBytes, valueBytes));
        }

        private static RecordSizes uniform(long records, long keyBytes, long valueBytes) {
            return RecordSizes.uniform(records, records == 0 ? 0 : (int) Math.round((double) keyBytes / records),
                    records == 0 ? 0 : (int) Math.round((double) valueBytes / records));
        }

        /** This topic's traffic with every batch sent as its data records, one Kafka record each. */
        Count unbatched() {
            long keys = 0;
            long values = 0;
            for (int i = 0; i < unbatchedSizes.records(); i++) {
                keys += unbatchedSizes.keyBytes(i);
                values += unbatchedSizes.valueBytes(i);
            }
            return new Count(topic, unbatchedSizes.records(), keys, values, dataRecords, unbatchedSizes, unbatchedSizes);
        }

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
        long data = 0;
        RecordSizes.Builder sizes = new RecordSizes.Builder();
        RecordSizes.Builder unbatched = new RecordSizes.Builder();
        boolean enveloped = !topic.endsWith(Topic.EXPERIMENTS.baseName()) && !topic.endsWith(Topic.DEAD_LETTER.baseName());
        while (!reached(consumer, end)) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                records++;
                int k = r.key() == null ? 0 : r.key().length;
                int v = r.value() == null ? 0 : r.value().length;
                keyBytes += k;
                valueBytes += v;
                sizes.add(k, v);
                SimEvent e = enveloped && r.value() != null ? AvroSerde.deserialize(topic, r.value(), SimEvent.class) : null;
                if (e == null || e.getKind() != EventKind.BATCH) {
                    data++;
                    unbatched.add(k, v);
                } else {
                    // What each item would take as a DATA record of its own (its envelope encoded alone).
                    Batches.forEach(e, d -> unbatched.add(k, AvroSerde.serialize(d).length));
                    data += Batches.size(e);
                }
            }
        }
        return new Count(topic, records, keyBytes, valueBytes, data, sizes.build(), unbatched.build());
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
