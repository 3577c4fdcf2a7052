package io.asyncrl.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.asyncrl.connectors.TestingRecords;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void shouldPrefixBaseName() {
        assertEquals("asyncrl.prompts", Topic.PROMPTS.name("asyncrl."));
        assertEquals("policy-versions", Topic.POLICY_VERSIONS.name(""));
        assertEquals("run-7.dead-letter", Topic.DEAD_LETTER.name("run-7."));
    }

    @Test
    void shouldRejectPrefixKafkaCannotUse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topic.SCORED.name("my topics/"));
        assertEquals("topic prefix may only contain ASCII letters, digits, '.', '_' and '-': 'my topics/'", e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Topic.SCORED.name(null));
        assertEquals("topic prefix must not be null", npe.getMessage());
    }

    @Test
    void shouldGiveEveryTopicADistinctName() {
        Set<String> names = Arrays.stream(Topic.values()).map(Topic::baseName).collect(Collectors.toSet());
        assertEquals(Topic.values().length, names.size());
        assertEquals(9, Topic.values().length);
    }

    @Test
    void shouldCarryEverySimEventPayloadTypeExceptSpecOnExactlyOneTopic() {
        Set<String> unionMembers = SimEvent.getClassSchema().getField("payload").schema().getTypes().stream()
                .filter(s -> s.getType() == Schema.Type.RECORD)
                .map(Schema::getFullName)
                .collect(Collectors.toSet());
        unionMembers.remove(ExperimentSpec.class.getName());
        List<String> carried = Arrays.stream(Topic.values())
                .filter(Topic::isEnveloped)
                .flatMap(t -> t.payloadClasses().stream())
                .map(Class::getName)
                .collect(Collectors.toList());
        assertEquals(unionMembers, new HashSet<>(carried));
        assertEquals(carried.size(), new HashSet<>(carried).size(), "a payload type on two topics: " + carried);
    }

    @Test
    void shouldDescribeEncodingOfEachTopic() {
        assertEquals(ExperimentSpec.class, Topic.EXPERIMENTS.valueClass());
        assertFalse(Topic.EXPERIMENTS.isEnveloped());
        assertEquals(SimEvent.class, Topic.METRICS.valueClass());
        assertNull(Topic.DEAD_LETTER.valueClass());
        assertEquals(Topic.Encoding.BYTES, Topic.DEAD_LETTER.encoding());
    }

    @Test
    void shouldAcceptOnlyItsOwnPayloads() {
        assertTrue(Topic.METRICS.accepts(TestingRecords.stageReport()));
        assertTrue(Topic.METRICS.accepts(null));
        assertFalse(Topic.PROMPTS.accepts(TestingRecords.stageReport()));
    }
}
