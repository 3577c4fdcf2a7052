package io.asyncrl.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.asyncrl.connectors.TestingRecords;
import io.asyncrl.connectors.avro.AvroSerde;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Topic administration and the plain clients against one real broker shared by the class. */
class KafkaClientsOnEmbeddedBrokerTest {

    private static EmbeddedKafka kafka;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        bootstrap = kafka.bootstrapServers();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    /**
     * Topics made by {@link TopicAdmin#createServing} exist with one partition and its leader when it returns, and
     * take a producer's first records at once: no send is refused and retried (a refused first batch of an idempotent
     * producer can stay out of sequence until it expires, which failed a bench's raw Kafka phase after 120 s; that
     * race did not happen in three runs of this test without the wait, so only the first half can show a fault).
     */
    @Test
    void shouldServeFreshTopicsToTheFirstRecordsSentThemAtOnce() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            names.add("serving-" + i);
        }
        TopicAdmin.createServing(bootstrap, names);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get();
            assertEquals(new HashSet<>(names), d.keySet());
            for (TopicDescription t : d.values()) {
                assertEquals(1, t.partitions().size(), t.name());
                assertTrue(t.partitions().get(0).leader() != null, t.name() + " has a leader");
            }
        }
        TopicAdmin.createServing(bootstrap, names); // a second call finds them and waits for nothing
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            for (int r = 0; r < 50; r++) {
                for (String n : names) {
                    sent.add(producer.send(new ProducerRecord<>(n, new byte[1000])));
                }
            }
            for (var f : sent) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            double retries = producer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("record-retry-total")
                            && e.getKey().group().equals("producer-metrics"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
            assertEquals(0.0, retries, "sends refused and retried");
        }
    }

    @Test
    void shouldCreateEveryRegistryTopicAndLeaveThemAloneWhenCalledAgain() throws Exception {
        TopicAdmin.ensureTopics(bootstrap, "idem.", 3);
        TopicAdmin.ensureTopics(bootstrap, "idem.", 5);

        Map<String, TopicDescription> topics = describe(TopicAdmin.names("idem."));
        assertEquals(Topic.values().length, topics.size());
        for (TopicDescription d : topics.values()) {
            assertEquals(3, d.partitions().size(), d.name() + " keeps the partition count it was created with");
        }
        assertTrue(topics.containsKey("idem.prompts"));
        assertTrue(topics.containsKey("idem.dead-letter"));
    }

    @Test
    void shouldDeleteOnlyTopicsWithTheGivenPrefix() throws Exception {
        TopicAdmin.ensureTopics(bootstrap, "gone.", 1);
        TopicAdmin.ensureTopics(bootstrap, "kept.", 1);
        TopicAdmin.deleteTopics(bootstrap, "gone.");
        TopicAdmin.deleteTopics(bootstrap, "gone.");

        Set<String> names = listTopics();
        assertTrue(names.containsAll(TopicAdmin.names("kept.")));
        assertTrue(TopicAdmin.names("gone.").stream().noneMatch(names::contains), names.toString());
    }

    @Test
    void shouldRejectBadArgumentsWithExactMessages() {
        IllegalArgumentException partitions = assertThrows(IllegalArgumentException.class,
                () -> TopicAdmin.ensureTopics(bootstrap, "x.", 0));
        assertEquals("partitions must be at least 1, got 0", partitions.getMessage());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> TopicAdmin.ensureTopics(" ", "x.", 1));
        assertEquals("bootstrap servers must not be blank", blank.getMessage());
    }

    @Test
    void shouldKeepEachExperimentInOnePartitionInOrder() throws Exception {
        String topic = Topic.PROMPTS.name("order.");
        TopicAdmin.ensureTopics(bootstrap, "order.", 3);
        List<String> experiments = List.of("exp-a", "exp-b", "exp-c", "exp-d", "exp-e", "exp-f");
        List<SimEvent> sent = new ArrayList<>();
        try (SimEventProducer producer = new SimEventProducer(bootstrap)) {
            for (int i = 0; i < 40; i++) {
                for (String exp : experiments) {
                    SimEvent event = TestingRecords.promptEvent(exp, 1_000L * i, i);
                    producer.send(topic, event);
                    sent.add(event);
                }
            }
            producer.flush();
        }

        List<ConsumerRecord<String, byte[]>> raw = readRaw(topic, sent.size());
        Map<String, Set<Integer>> partitionsOf = new HashMap<>();
        Map<String, List<Long>> timesOf = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : raw) {
            SimEvent event = AvroSerde.deserialize(r.topic(), r.value(), SimEvent.class);
            assertEquals(event.getExperimentId(), r.key(), "record key is the experiment id");
            partitionsOf.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.partition());
            timesOf.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(event.getTimeUs());
        }
        Set<Integer> used = new HashSet<>();
        for (String exp : experiments) {
            assertEquals(1, partitionsOf.get(exp).size(), exp + " spread over " + partitionsOf.get(exp));
            used.addAll(partitionsOf.get(exp));
            List<Long> times = timesOf.get(exp);
            assertEquals(40, times.size());
            assertEquals(times.stream().sorted().collect(Collectors.toList()), times, exp + " out of order");
        }
        assertTrue(used.size() > 1, "six experiments should use more than one of three partitions");

        try (SimEventConsumer consumer = new SimEventConsumer(bootstrap, topic, "exp-c")) {
            List<SimEvent> expC = pollUntil(consumer, 40);
            assertEquals(sent.stream().filter(e -> e.getExperimentId().equals("exp-c")).collect(Collectors.toList()), expC);
            assertTrue(consumer.caughtUp());
        }
    }

    @Test
    void shouldDrainEveryCommittedRecordUpToTheEndOverCommitMarkersAndStopThere() throws Exception {
        String topic = Topic.METRICS.name("drain.");
        TopicAdmin.ensureTopics(bootstrap, "drain.", 2);
        List<SimEvent> committed = new ArrayList<>();
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "transactional.id", "drain-test");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            // three committed transactions with an aborted one among them: each leaves a marker on both
            // partitions, and the aborted records are not read under read_committed; 900 records take more than
            // one poll (at most 500 by default)
            for (int t = 0; t < 4; t++) {
                producer.beginTransaction();
                for (int i = 0; i < 300; i++) {
                    SimEvent event = TestingRecords.promptEvent("exp-" + (i % 2), 1_000L * (300 * t + i), 300 * t + i);
                    producer.send(new ProducerRecord<>(topic, event.getExperimentId(), AvroSerde.serialize(event)));
                    if (t != 2) {
                        committed.add(event);
                    }
                }
                if (t == 2) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }
        try (SimEventConsumer consumer = new SimEventConsumer(bootstrap, topic)) {
            List<SimEvent> drained = consumer.drain(Duration.ofSeconds(60));
            assertEquals(committed.size(), drained.size(), "every committed record, none of the aborted");
            assertEquals(new HashSet<>(committed), new HashSet<>(drained));
            assertTrue(consumer.caughtUp(), "drained up to the last stable offsets");
            assertEquals(List.of(), consumer.drain(Duration.ofSeconds(60)), "nothing more: it stops at the end");
        }
    }

    @Test
    void shouldRunTheBrokerWithASmallLogCleanerMap() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            String node = String.valueOf(admin.describeCluster().nodes().get().iterator().next().id());
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node);
            Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);

            assertEquals("2097152", config.get("log.cleaner.dedupe.buffer.size").value(),
                    "the running broker's key map, not Kafka's default of 128 MiB");
        }
    }

    @Test
    void shouldSkipCorruptRecordsAndKeepReading() throws Exception {
        String topic = Topic.METRICS.name("corrupt.");
        TopicAdmin.ensureTopics(bootstrap, "corrupt.", 1);
        SimEvent before = TestingRecords.watermark("exp-1", 10);
        SimEvent after = TestingRecords.watermark("exp-1", 20);
        try (SimEventProducer producer = new SimEventProducer(bootstrap);
                KafkaProducer<byte[], byte[]> rawProducer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(topic, before).get();
            rawProducer.send(new ProducerRecord<>(topic, "exp-1".getBytes(StandardCharsets.UTF_8),
                    "{\"json\": \"is not avro\"}".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(topic, after).get();
        }
        try (SimEventConsumer consumer = new SimEventConsumer(bootstrap, topic)) {
            assertEquals(List.of(before, after), pollUntil(consumer, 2));
            assertEquals(1, consumer.corruptRecords());
        }
    }

    @Test
    void shouldSubmitSpecKeyedByItsId() throws Exception {
        String topic = Topic.EXPERIMENTS.name("spec.");
        TopicAdmin.ensureTopics(bootstrap, "spec.", 2);
        ExperimentSpec spec = TestingRecords.spec("exp-42");
        RecordMetadata metadata = SpecProducer.send(bootstrap, topic, spec);
        assertEquals(topic, metadata.topic());
        assertTrue(metadata.hasOffset());

        ConsumerRecord<String, byte[]> record = readRaw(topic, 1).get(0);
        assertEquals("exp-42", record.key());
        assertEquals(metadata.partition(), record.partition());
        assertEquals(spec, AvroSerde.deserialize(topic, record.value(), ExperimentSpec.class));
    }

    @Test
    void shouldRefuseToReadTopicThatDoesNotExist() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SimEventConsumer(bootstrap, "no-such-topic"));
        assertEquals("topic 'no-such-topic' does not exist on " + bootstrap, e.getMessage());
        assertFalse(listTopicsUnchecked().contains("no-such-topic"), "reading must not auto-create the topic");
    }

    private static List<SimEvent> pollUntil(SimEventConsumer consumer, int count) {
        List<SimEvent> events = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 15_000;
        while (events.size() < count && System.currentTimeMillis() < deadline) {
            events.addAll(consumer.poll(Duration.ofMillis(200)));
        }
        return events;
    }

    private static List<ConsumerRecord<String, byte[]>> readRaw(String topic, int count) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 15_000;
            while (records.size() < count && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(count, records.size());
        return records;
    }

    private static Map<String, TopicDescription> describe(List<String> names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return admin.describeTopics(names).allTopicNames().get();
        }
    }

    private static Set<String> listTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return admin.listTopics().names().get();
        }
    }

    private static Set<String> listTopicsUnchecked() {
        try {
            return listTopics();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
