package io.asyncrl.it;

import io.asyncrl.connectors.kafka.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real KRaft broker ({@link EmbeddedKafka}) for a test class: started before the class's own
 * {@code @BeforeAll} methods and stopped after its {@code @AfterAll} ones. Use as
 * {@code @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();}.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = EmbeddedKafka.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /** The broker's bootstrap address; only between the class's start and end. */
    public String bootstrapServers() {
        if (kafka == null) {
            throw new IllegalStateException("the broker runs only while its test class runs");
        }
        return kafka.bootstrapServers();
    }
}
