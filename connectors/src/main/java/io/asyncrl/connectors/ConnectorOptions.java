package io.asyncrl.connectors;

import java.util.List;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Settings of the Kafka wiring, for jobs and the CLI to read from their configuration. The
 * connectors' static entry points take the values as arguments; these constants give them one
 * name, type, default and description. The README's option table is checked against this class.
 */
public final class ConnectorOptions {

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("asyncrl.kafka.bootstrap-servers")
            .stringType()
            .noDefaultValue()
            .withDescription("Kafka bootstrap servers (host:port,...). Unset: the CLI starts an EmbeddedKafka.");

    public static final ConfigOption<String> TOPIC_PREFIX = ConfigOptions.key("asyncrl.kafka.topic-prefix")
            .stringType()
            .defaultValue("asyncrl.")
            .withDescription("Prepended to every registry topic's base name, so deployments can share a cluster.");

    public static final ConfigOption<Integer> TOPIC_PARTITIONS = ConfigOptions.key("asyncrl.kafka.topic-partitions")
            .intType()
            .defaultValue(3)
            .withDescription("Partitions of each registry topic TopicAdmin.ensureTopics creates. Existing topics keep theirs.");

    /** Every option, in documentation order. */
    public static final List<ConfigOption<?>> ALL = List.of(BOOTSTRAP_SERVERS, TOPIC_PREFIX, TOPIC_PARTITIONS);

    private ConnectorOptions() {
    }
}
