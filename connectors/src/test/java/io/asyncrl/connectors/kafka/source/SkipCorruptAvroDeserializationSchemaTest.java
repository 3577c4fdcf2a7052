package io.asyncrl.connectors.kafka.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.asyncrl.connectors.TestingRecords;
import io.asyncrl.connectors.avro.AvroSerde;
import io.asyncrl.schemas.SimEvent;

import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SkipCorruptAvroDeserializationSchemaTest {

    private final List<CorruptRecord> corrupt = new ArrayList<>();
    private final ListCollector<SimEvent> out = new ListCollector<>();
    private final TestingInitializationContext context = new TestingInitializationContext();
    private SkipCorruptAvroDeserializationSchema<SimEvent> schema;

    @BeforeEach
    void open() {
        schema = new SkipCorruptAvroDeserializationSchema<>(SimEvent.class, corrupt::add);
        schema.open(context);
    }

    @Test
    void shouldEmitValidRecords() {
        SimEvent event = TestingRecords.promptEvent("exp-1", 10, 1);
        schema.deserialize(record(7, "exp-1", AvroSerde.serialize(event)), out);
        assertEquals(List.of(event), out.items);
        assertEquals(0, schema.corruptRecords());
    }

    @Test
    void shouldSkipCorruptBytesAndReportWhereTheyWere() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        schema.deserialize(record(42, "exp-1", garbage), out);

        assertTrue(out.items.isEmpty());
        assertEquals(1, schema.corruptRecords());
        assertEquals(1, context.counters.get(SkipCorruptAvroDeserializationSchema.CORRUPT_RECORDS_METRIC).getCount());
        CorruptRecord reported = corrupt.get(0);
        assertEquals("asyncrl.prompts-2@42", reported.position());
        assertEquals("exp-1", reported.keyAsString());
        assertArrayEquals(garbage, reported.value());
        assertTrue(reported.reason().contains("io.asyncrl.schemas.SimEvent"), reported.reason());
    }

    @Test
    void shouldDecodeValidRecordRightAfterACorruptOne() {
        // A decoder shared across records would start the next record with the corrupt one's unread bytes.
        SimEvent first = TestingRecords.promptEvent("exp-1", 10, 1);
        SimEvent second = TestingRecords.promptEvent("exp-1", 20, 2);
        byte[] valid = AvroSerde.serialize(first);
        byte[] badKind = Arrays.copyOf(valid, valid.length);
        badKind[6] = 0x14; // after the 6-byte experiment id "exp-1": EventKind index 10 of 4, with bytes left unread
        byte[] trailing = Arrays.copyOf(AvroSerde.serialize(second), valid.length + 5);

        schema.deserialize(record(1, "exp-1", valid), out);
        schema.deserialize(record(2, "exp-1", badKind), out);
        schema.deserialize(record(3, "exp-1", trailing), out);
        schema.deserialize(record(4, "exp-1", AvroSerde.serialize(second)), out);

        assertEquals(List.of(first, second), out.items);
        assertEquals(2, schema.corruptRecords());
    }

    @Test
    void shouldHandAHugeLengthPrefixToTheHandlerWithItsReasonAndGoOn() {
        // A corrupt length prefix: experiment_id claims 1 GiB in a 5-byte value.
        byte[] hostile = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        SimEvent next = TestingRecords.promptEvent("exp-1", 20, 2);
        schema.deserialize(record(11, "exp-1", hostile), out);
        schema.deserialize(record(12, "exp-1", AvroSerde.serialize(next)), out);

        assertEquals(List.of(next), out.items);
        assertEquals(1, schema.corruptRecords());
        CorruptRecord reported = corrupt.get(0);
        assertEquals("asyncrl.prompts-2@11", reported.position());
        assertArrayEquals(hostile, reported.value());
        assertTrue(reported.reason().contains("a string of 1073741823 bytes claimed where 0 bytes are left"),
                reported.reason());
    }

    @Test
    void shouldSkipRecordsWithoutValue() {
        schema.deserialize(record(5, "exp-1", null), out);
        assertTrue(out.items.isEmpty());
        assertEquals(1, corrupt.size());
    }

    @Test
    void shouldProduceAvroTypeInfoLikeFlinkAvro() {
        assertInstanceOf(AvroTypeInfo.class, schema.getProducedType());
        assertEquals(SimEvent.class, schema.getProducedType().getTypeClass());
    }

    @Test
    void shouldSurviveShippingToTaskManagersWithLoggingHandler() throws Exception {
        SkipCorruptAvroDeserializationSchema<SimEvent> shipped =
                InstantiationUtil.clone(SkipCorruptAvroDeserializationSchema.logging(SimEvent.class));
        shipped.open(new TestingInitializationContext());
        shipped.deserialize(record(9, "exp-1", new byte[] {1, 2, 3}), out);
        assertEquals(1, shipped.corruptRecords());
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key, byte[] value) {
        return new ConsumerRecord<>("asyncrl.prompts", 2, offset, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static final class ListCollector<T> implements Collector<T> {
        final List<T> items = new ArrayList<>();

        @Override
        public void collect(T record) {
            items.add(record);
        }

        @Override
        public void close() {
        }
    }
}
