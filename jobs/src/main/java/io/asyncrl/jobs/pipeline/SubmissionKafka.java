package io.asyncrl.jobs.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Kafka source of raw experiment submissions and sink of dead letters. The dead-letter topic gets
 * the refused record's original key and value bytes, with the reason in the
 * {@value DeadLetter#REASON_HEADER} header and the original position in {@value DeadLetter#SOURCE_HEADER}.
 */
public final class SubmissionKafka {
    private SubmissionKafka() {}

    /**
     * Unbounded source of the experiments topic's records, undecoded: from the offsets its group
     * committed at the last completed checkpoint, else from the earliest. A job restored from a
     * checkpoint takes its offsets from there; a new deployment of the service does not admit again
     * the submissions the previous one had taken (a refused one would be dead-lettered a second time).
     */
    public static KafkaSource<Submission> source(String bootstrap, String topic, String groupId) {
        return KafkaSource.<Submission>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(groupId)
                .setClientIdPrefix(groupId + "-" + topic)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawDeserializer())
                .build();
    }

    /** Sink writing dead letters to {@code topic}, keyed like the refused record. */
    public static KafkaSink<DeadLetter> deadLetterSink(String bootstrap, String topic) {
        Properties producer = new Properties();
        producer.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        producer.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(new DeadLetterSerializer(topic))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(producer)
                .build();
    }

    static final class RawDeserializer implements KafkaRecordDeserializationSchema<Submission> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<Submission> out) {
            out.collect(new Submission(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
        }

        @Override
        public TypeInformation<Submission> getProducedType() {
            return TypeInformation.of(Submission.class);
        }
    }

    static final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        DeadLetterSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, null, d.key, d.value);
            r.headers().add(new RecordHeader(DeadLetter.REASON_HEADER, utf8(d.reason)));
            r.headers().add(new RecordHeader(DeadLetter.SOURCE_HEADER, utf8(d.source)));
            return r;
        }

        private static byte[] utf8(String s) {
            return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        }
    }
}
