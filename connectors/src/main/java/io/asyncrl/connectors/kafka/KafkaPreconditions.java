package io.asyncrl.connectors.kafka;

/** Argument checks shared by the Kafka entry points, with one wording for every caller. */
final class KafkaPreconditions {

    private KafkaPreconditions() {
    }

    static String checkBootstrap(String bootstrap) {
        return checkNotBlank(bootstrap, "bootstrap servers");
    }

    static String checkTopic(String topic) {
        return checkNotBlank(topic, "topic");
    }

    static String checkGroupId(String groupId) {
        return checkNotBlank(groupId, "group id");
    }

    static String checkNotBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
