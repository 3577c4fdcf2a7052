package io.asyncrl.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.asyncrl.connectors.avro.AvroKafkaDeserializer;
import io.asyncrl.schemas.BatchItem;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic's SimEvents from the beginning with a plain Kafka consumer, for the CLI and
 * tests. Assigns all partitions itself (no consumer group, so no rebalance wait and no committed
 * offsets), optionally keeps only one experiment's events, returns a BATCH record as the DATA records
 * it carries, and skips records that do not decode.
 * Not thread-safe, like the KafkaConsumer inside.
 */
public final class SimEventConsumer implements AutoCloseable {

    /**
     * How long the broker may hold a fetch of this consumer that finds nothing new ({@code fetch.max.wait.ms}): a
     * reader of results, not a throughput consumer, so not Kafka's default 500 ms; closing (which waits for the
     * fetch in flight) costs no more.
     */
    static final int FETCH_MAX_WAIT_MS = 50;
    /** One poll's wait while draining: long enough for a fetch's round trip on a local broker, short beside a run. */
    private static final Duration DRAIN_POLL = Duration.ofMillis(10);

    private static final Logger LOG = LoggerFactory.getLogger(SimEventConsumer.class);

    private final KafkaConsumer<String, SimEvent> consumer;
    private final String topic;
    private final String experimentId;
    private final List<TopicPartition> partitions;
    private long corruptRecords;

    /** Reads every experiment's events on {@code topic}. */
    public SimEventConsumer(String bootstrap, String topic) {
        this(bootstrap, topic, null);
    }

    /** Reads {@code topic}; keeps only events of {@code experimentId}, or all when it is null. */
    public SimEventConsumer(String bootstrap, String topic, String experimentId) {
        KafkaPreconditions.checkBootstrap(bootstrap);
        this.topic = KafkaPreconditions.checkTopic(topic);
        this.experimentId = experimentId;
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "asyncrl-sim-event-consumer",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new AvroKafkaDeserializer<>(SimEvent.class));
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TopicAdmin.TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic '" + topic + "' does not exist on " + bootstrap);
            }
            this.partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /**
     * Waits up to {@code timeout} for records and returns the decoded events (of the chosen
     * experiment), in partition order; empty when none arrived. Corrupt records are logged and
     * skipped.
     */
    public List<SimEvent> poll(Duration timeout) {
        return read(timeout, true);
    }

    /**
     * As {@link #poll}, but returns the records as they are on the topic: a BATCH whole, for a reader that applies
     * its items itself (item i is the DATA record (experiment, item time, producer, seq + i, item payload)).
     */
    public List<SimEvent> pollRecords(Duration timeout) {
        return read(timeout, false);
    }

    private List<SimEvent> read(Duration timeout, boolean unbatch) {
        List<SimEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                for (ConsumerRecord<String, SimEvent> record : consumer.poll(remaining(deadline))) {
                    SimEvent event = record.value();
                    if (event != null && (experimentId == null || experimentId.equals(event.getExperimentId()))) {
                        if (unbatch) {
                            addUnbatched(event, events);
                        } else {
                            events.add(event);
                        }
                    }
                }
                return events;
            } catch (RecordDeserializationException e) {
                // Records before the bad one were already returned by an earlier poll; step over it.
                corruptRecords++;
                LOG.warn("Skipping corrupt record at {}@{}: {}", e.topicPartition(), e.offset(),
                        e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                consumer.seek(e.topicPartition(), e.offset() + 1);
                if (!events.isEmpty() || System.nanoTime() >= deadline) {
                    return events;
                }
            }
        }
    }

    /**
     * Adds {@code e}, or for a BATCH the DATA records it stands for, in order: item i of a batch is the
     * DATA record (experiment, item time, producer, seq + i, item payload), as {@code SimEvent.avsc} says.
     */
    static void addUnbatched(SimEvent e, List<SimEvent> into) {
        if (e.getKind() != EventKind.BATCH) {
            into.add(e);
            return;
        }
        List<BatchItem> items = e.getBatch();
        for (int i = 0; i < items.size(); i++) {
            // the setters take longs; the all-fields constructor would box the time and the seq
            SimEvent d = new SimEvent();
            d.setExperimentId(e.getExperimentId());
            d.setKind(EventKind.DATA);
            d.setTimeUs(items.get(i).getTimeUs());
            d.setProducer(e.getProducer());
            d.setSeq(e.getSeq() + i);
            d.setPayload(items.get(i).getPayload());
            d.setBatch(List.of());
            into.add(d);
        }
    }

    /**
     * Reads every event the topic holds now: up to each partition's end as it is at the call (with
     * read_committed, the last stable offset), and returns as soon as it gets there, in short polls. Finishing a
     * run used to poll each topic for 300 ms until caught up, with Kafka's default fetch wait: 0.45-0.5 s a topic
     * although the records were there (docs/performance.md, seventeenth session). Throws when the ends are not
     * reached within {@code timeout}.
     */
    public List<SimEvent> drain(Duration timeout) {
        return drain(timeout, true);
    }

    /** As {@link #drain}, with the records as they are on the topic (see {@link #pollRecords}). */
    public List<SimEvent> drainRecords(Duration timeout) {
        return drain(timeout, false);
    }

    private List<SimEvent> drain(Duration timeout, boolean unbatch) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        List<SimEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(ends)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("topic '" + topic + "' was not read to its end " + ends
                        + " within " + timeout);
            }
            events.addAll(read(DRAIN_POLL, unbatch));
        }
        return events;
    }

    /** True when every partition has been read up to its current end. */
    public boolean caughtUp() {
        return reached(consumer.endOffsets(partitions));
    }

    /** True when every partition has been read up to {@code ends}. */
    private boolean reached(Map<TopicPartition, Long> ends) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }

    /** Records on this topic that did not decode and were skipped so far. */
    public long corruptRecords() {
        return corruptRecords;
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        consumer.close();
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }
}
