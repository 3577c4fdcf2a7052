package io.asyncrl.connectors.kafka.source;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record that does not decode to the dead-letter topic, with its original key and value
 * bytes, the reason in the {@value #REASON_HEADER} header and where it came from in
 * {@value #SOURCE_HEADER}; the source then skips it and the job keeps running. Delivery to the
 * dead-letter topic is at least once (a restore may send a record again).
 */
public final class DeadLetterHandler implements CorruptRecordHandler {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    public static final String REASON_HEADER = "asyncrl.reason";
    public static final String SOURCE_HEADER = "asyncrl.source";

    private final String bootstrap;
    private final String deadLetterTopic;
    private transient KafkaProducer<byte[], byte[]> producer;

    public DeadLetterHandler(String bootstrap, String deadLetterTopic) {
        this.bootstrap = bootstrap;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public void handle(CorruptRecord record) {
        LOG.warn("Corrupt record at {} ({} bytes) sent to {}: {}", record.position(),
                record.value() == null ? 0 : record.value().length, deadLetterTopic, record.reason());
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.CLIENT_ID_CONFIG, "asyncrl-dead-letter"),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(deadLetterTopic, record.key(), record.value());
        out.headers().add(REASON_HEADER, ("not a valid record for " + record.topic() + ": " + record.reason())
                .getBytes(StandardCharsets.UTF_8));
        out.headers().add(SOURCE_HEADER, record.position().getBytes(StandardCharsets.UTF_8));
        producer.send(out);
        producer.flush();
    }
}
