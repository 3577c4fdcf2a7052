package io.asyncrl.connectors.kafka.source;

import java.io.Serializable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a source does with a record it cannot decode, instead of failing the job. Runs on the
 * source reader's thread; implementations are shipped to the task managers, hence Serializable.
 * A dead-letter handler forwards {@link CorruptRecord#key()} and {@link CorruptRecord#value()} to
 * the dead-letter topic.
 */
@FunctionalInterface
public interface CorruptRecordHandler extends Serializable {

    void handle(CorruptRecord record);

    /** Logs topic, partition, offset, size and reason at WARN. */
    static CorruptRecordHandler logging() {
        return LoggingHandler.INSTANCE;
    }

    /** The default handler; an enum so it stays a singleton across serialization. */
    enum LoggingHandler implements CorruptRecordHandler {
        INSTANCE;

        private static final Logger LOG = LoggerFactory.getLogger(CorruptRecordHandler.class);

        @Override
        public void handle(CorruptRecord record) {
            LOG.warn("Skipping corrupt record at {} (key={}, {} bytes): {}",
                    record.position(), record.keyAsString(),
                    record.value() == null ? 0 : record.value().length, record.reason());
        }
    }
}
