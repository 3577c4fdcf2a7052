package io.asyncrl.jobs.bench;

import io.asyncrl.connectors.kafka.TopicAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One produce and one consume hop of exactly the traffic a pipeline run left on its topics: per
 * topic, as many records, each with the key and value sizes of the pipeline's record at the same
 * position (a batch of a thousand trajectories is sent again as one record of its size, not as a
 * thousand small ones), to a fresh topic on the same broker, with the clients' default settings. The
 * bytes are pseudo-random (seeded), so the broker cannot compress them away; they are generated before the
 * clock starts and each record copies its bytes from that pool, so the phase times Kafka and a copy, not
 * the random generator (when every record drew its own bytes, the phase took 2.2-2.4 s and 2.9-3.1 CPU s of the
 * AReaL 7B bench's traffic instead of 1.9-2.0 s and 2.0-2.1 CPU s).
 */
final class RawKafka {
    private RawKafka() {}

    static Phase run(String bootstrap, String prefix, List<TopicTraffic.Count> traffic) throws Exception {
        List<TopicTraffic.Count> busy = traffic.stream().filter(c -> c.records() > 0).toList();
        Map<String, String> rawTopic = new HashMap<>();
        for (TopicTraffic.Count c : busy) {
            rawTopic.put(c.topic(), prefix + c.topic());
        }
        TopicAdmin.createServing(bootstrap, List.copyOf(rawTopic.values()));
        BytePool pool = BytePool.forLargest(busy.stream().mapToInt(c -> c.sizes().largest()).max().orElse(0));
        ProcessClock clock = new ProcessClock();
        long records = 0;
        AtomicReference<Exception> failed = new AtomicReference<>();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (TopicTraffic.Count c : busy) {
                RecordSizes sizes = c.sizes();
                for (int i = 0; i < sizes.records(); i++) {
                    byte[] key = sizes.keyBytes(i) == 0 ? null : pool.next(sizes.keyBytes(i));
                    byte[] value = pool.next(sizes.valueBytes(i));
                    producer.send(new ProducerRecord<>(rawTopic.get(c.topic()), key, value), (m, e) -> {
                        if (e != null) {
                            failed.compareAndSet(null, e);
                        }
                    });
                    records++;
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("raw Kafka: a send to the broker failed: " + failed.get(), failed.get());
        }
        long consumed = consumeAll(bootstrap, List.copyOf(rawTopic.values()));
        if (consumed != records) {
            throw new IllegalStateException("raw Kafka: produced " + records + " records but consumed " + consumed);
        }
        return new Phase(clock.wallSeconds(), clock.cpuSeconds(), records);
    }

    private static long consumeAll(String bootstrap, List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (!TopicTraffic.reached(consumer, end)) {
                n += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return n;
    }

    /**
     * Seeded pseudo-random bytes, 2 MiB plus the largest record, generated once; {@link #next} copies a record's
     * bytes from an offset that moves by a prime stride, so consecutive records differ. A fresh array each time, as
     * the pipeline's serializers hand the producer one.
     */
    static final class BytePool {
        private static final int SPAN = 1 << 21;
        private static final int STRIDE = 40_009;
        private final byte[] bytes;
        private int offset;

        private BytePool(byte[] bytes) {
            this.bytes = bytes;
        }

        static BytePool forLargest(int largestRecordBytes) {
            byte[] b = new byte[SPAN + largestRecordBytes];
            new Random(42).nextBytes(b);
            return new BytePool(b);
        }

        byte[] next(int length) {
            byte[] out = new byte[length];
            System.arraycopy(bytes, offset, out, 0, length);
            offset = (offset + STRIDE) % SPAN;
            return out;
        }
    }
}
