package io.asyncrl.connectors.kafka;

import java.util.Properties;

import io.asyncrl.connectors.kafka.sink.KeyedAvroRecordSerializer;
import io.asyncrl.connectors.kafka.source.CorruptRecordHandler;
import io.asyncrl.connectors.kafka.source.SimEventBytes;
import io.asyncrl.connectors.kafka.source.SimEventBytesDeserializationSchema;
import io.asyncrl.connectors.kafka.source.SkipCorruptAvroDeserializationSchema;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;

import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Flink sources and sinks for the registry topics. Sources read from the earliest offset and never
 * end; records that do not decode are skipped (see {@link SkipCorruptAvroDeserializationSchema}).
 * Sinks key every record by experiment id and are at-least-once for now.
 */
public final class SimEventKafka {

    /** Producer linger: 0 sends at once, which keeps feedback round trips short in wall time. */
    static final String LINGER_MS = "0";

    private SimEventKafka() {
    }

    /**
     * Unbounded source of SimEvents on {@code topic}: from the offsets its group committed at the last
     * completed checkpoint, else from the earliest. A restore takes its offsets from the checkpoint; a
     * new job (a redeploy without a savepoint) goes on after what the previous one had taken instead of
     * running every experiment on the topics again (from fresh state, that replay could fail an
     * experiment that had finished: issue 16).
     */
    public static KafkaSource<SimEvent> source(String bootstrap, String topic, String groupId) {
        return source(bootstrap, topic, groupId, CorruptRecordHandler.logging());
    }

    /** As {@link #source(String, String, String)}, with a chosen handler for undecodable records. */
    public static KafkaSource<SimEvent> source(
            String bootstrap, String topic, String groupId, CorruptRecordHandler onCorrupt) {
        return avroSource(bootstrap, topic, groupId, SimEvent.class, onCorrupt);
    }

    /**
     * As {@link #source(String, String, String, CorruptRecordHandler)}, but the records stay undecoded
     * ({@link SimEventBytes}, keyed by their experiment id) for a keyed stage to decode once; a value whose
     * experiment id does not read goes to {@code onCorrupt} here, any other undecodable value where it is
     * decoded ({@link io.asyncrl.connectors.kafka.source.SimEventBytesDecoder}).
     */
    public static KafkaSource<SimEventBytes> bytesSource(String bootstrap, String topic, String groupId,
            CorruptRecordHandler onCorrupt) {
        return kafkaSource(bootstrap, topic, groupId, new SimEventBytesDeserializationSchema(onCorrupt),
                "read_uncommitted");
    }

    /** As {@link #bytesSource}, reading only committed records, to pair with {@link #transactionalSink}. */
    public static KafkaSource<SimEventBytes> readCommittedBytesSource(String bootstrap, String topic, String groupId,
            CorruptRecordHandler onCorrupt) {
        return kafkaSource(bootstrap, topic, groupId, new SimEventBytesDeserializationSchema(onCorrupt),
                "read_committed");
    }

    /** Sink writing SimEvents to {@code topic}, key = experiment id. */
    public static KafkaSink<SimEvent> sink(String bootstrap, String topic) {
        return avroSink(bootstrap, topic, SimEvent.class, SimEvent::getExperimentId);
    }

    /**
     * Exactly-once alternative: a transactional sink (records become visible when the checkpoint that
     * covers them completes). {@code transactionalIdPrefix} must be unique per sink in a job.
     */
    public static KafkaSink<SimEvent> transactionalSink(String bootstrap, String topic, String transactionalIdPrefix) {
        KafkaPreconditions.checkBootstrap(bootstrap);
        KafkaPreconditions.checkTopic(topic);
        Properties props = producerConfig();
        props.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "900000");
        return KafkaSink.<SimEvent>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(new KeyedAvroRecordSerializer<>(SimEvent.class, topic, SimEvent::getExperimentId))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setKafkaProducerConfig(props)
                .build();
    }

    /** A source that reads only committed records, to pair with {@link #transactionalSink}. */
    public static KafkaSource<SimEvent> readCommittedSource(String bootstrap, String topic, String groupId,
            CorruptRecordHandler onCorrupt) {
        return avroSource(bootstrap, topic, groupId, SimEvent.class, onCorrupt, "read_committed");
    }

    /** Unbounded source of submitted experiments (bare ExperimentSpec records), from the earliest offset. */
    public static KafkaSource<ExperimentSpec> experimentSource(String bootstrap, String topic, String groupId) {
        return avroSource(bootstrap, topic, groupId, ExperimentSpec.class, CorruptRecordHandler.logging());
    }

    /** Sink writing bare ExperimentSpec records to {@code topic}, key = spec id. */
    public static KafkaSink<ExperimentSpec> experimentSink(String bootstrap, String topic) {
        return avroSink(bootstrap, topic, ExperimentSpec.class, ExperimentSpec::getId);
    }

    private static <T extends SpecificRecordBase> KafkaSource<T> avroSource(
            String bootstrap, String topic, String groupId, Class<T> type, CorruptRecordHandler onCorrupt) {
        return avroSource(bootstrap, topic, groupId, type, onCorrupt, "read_uncommitted");
    }

    private static <T extends SpecificRecordBase> KafkaSource<T> avroSource(String bootstrap, String topic,
            String groupId, Class<T> type, CorruptRecordHandler onCorrupt, String isolationLevel) {
        return kafkaSource(bootstrap, topic, groupId, new SkipCorruptAvroDeserializationSchema<>(type, onCorrupt),
                isolationLevel);
    }

    private static <T> KafkaSource<T> kafkaSource(String bootstrap, String topic, String groupId,
            KafkaRecordDeserializationSchema<T> deserializer, String isolationLevel) {
        KafkaPreconditions.checkBootstrap(bootstrap);
        KafkaPreconditions.checkTopic(topic);
        KafkaPreconditions.checkGroupId(groupId);
        return KafkaSource.<T>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(groupId)
                .setClientIdPrefix(groupId + "-" + topic)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setProperty("isolation.level", isolationLevel)
                .setDeserializer(deserializer)
                .build();
    }

    private static <T extends SpecificRecord> KafkaSink<T> avroSink(
            String bootstrap, String topic, Class<T> type, SerializableFunction<T, String> keyOf) {
        KafkaPreconditions.checkBootstrap(bootstrap);
        KafkaPreconditions.checkTopic(topic);
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(new KeyedAvroRecordSerializer<>(type, topic, keyOf))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(producerConfig())
                .build();
    }

    /** Producer settings shared by the Flink sinks and {@link SpecProducer}. */
    static Properties producerConfig() {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        return props;
    }
}
