package io.asyncrl.connectors.kafka.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.asyncrl.connectors.TestingRecords;
import io.asyncrl.connectors.avro.AvroDecodeException;
import io.asyncrl.connectors.avro.AvroSerde;
import io.asyncrl.schemas.SimEvent;

import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The undecoded path of the pipeline's sources: the source keys each record by the experiment id in its value
 * and refuses only values whose id does not read; the stage's decoder refuses the rest. Both hand a refused
 * record to the handler as {@link SkipCorruptAvroDeserializationSchema} did: original key and value, position,
 * the decode's reason.
 */
class SimEventBytesTest {

    private final List<CorruptRecord> corrupt = new ArrayList<>();
    private final ListCollector<SimEventBytes> out = new ListCollector<>();
    private final TestingInitializationContext context = new TestingInitializationContext();
    private SimEventBytesDeserializationSchema source;
    private SimEventBytesDecoder decoder;

    @BeforeEach
    void open() {
        source = new SimEventBytesDeserializationSchema(corrupt::add);
        source.open(context);
        decoder = new SimEventBytesDecoder(corrupt::add);
    }

    @Test
    void shouldKeyByTheValuesExperimentIdAndDecodeToTheSameEvent() {
        SimEvent event = TestingRecords.promptEvent("exp-1", 10, 1);
        byte[] value = AvroSerde.serialize(event);
        source.deserialize(record(7, "exp-1", value), out);
        // The value names the experiment, whatever the Kafka key says, or without one.
        source.deserialize(record(8, "another-key", value), out);
        source.deserialize(new ConsumerRecord<>("asyncrl.prompts", 2, 9L, null, value), out);

        assertEquals(3, out.items.size());
        for (SimEventBytes b : out.items) {
            assertEquals("exp-1", b.experimentId);
            assertEquals(event, decoder.decode(b));
        }
        SimEventBytes first = out.items.get(0);
        assertEquals("asyncrl.prompts-2@7", first.position());
        assertArrayEquals("exp-1".getBytes(StandardCharsets.UTF_8), first.key);
        assertTrue(corrupt.isEmpty());
        assertEquals(0, source.corruptRecords());
    }

    @Test
    void shouldRefuseInTheSourceAValueWhoseExperimentIdDoesNotRead() {
        // A corrupt length prefix: experiment_id claims 1 GiB in a 5-byte value.
        byte[] hostile = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        source.deserialize(record(11, "exp-1", hostile), out);
        source.deserialize(record(12, "exp-1", null), out);
        source.deserialize(record(13, "exp-1", AvroSerde.serialize(TestingRecords.promptEvent("exp-1", 20, 2))), out);

        assertEquals(1, out.items.size());
        assertEquals("asyncrl.prompts-2@13", out.items.get(0).position());
        assertEquals(2, source.corruptRecords());
        assertEquals(2, context.counters.get(SkipCorruptAvroDeserializationSchema.CORRUPT_RECORDS_METRIC).getCount());
        CorruptRecord reported = corrupt.get(0);
        assertEquals("asyncrl.prompts-2@11", reported.position());
        assertEquals("exp-1", reported.keyAsString());
        assertArrayEquals(hostile, reported.value());
        assertEquals(reasonOf(hostile), reported.reason());
        assertTrue(reported.reason().contains("a string of 1073741823 bytes claimed where 0 bytes are left"),
                reported.reason());
        assertNull(corrupt.get(1).value());
    }

    @Test
    void shouldRefuseInTheDecoderAValueWhoseIdReadsButTheRestDoesNot() {
        SimEvent first = TestingRecords.promptEvent("exp-1", 10, 1);
        SimEvent second = TestingRecords.promptEvent("exp-1", 20, 2);
        byte[] valid = AvroSerde.serialize(first);
        byte[] badKind = Arrays.copyOf(valid, valid.length);
        badKind[6] = 0x14; // after the 6-byte experiment id "exp-1": EventKind index 10 of 4, with bytes left unread
        byte[] trailing = Arrays.copyOf(AvroSerde.serialize(second), valid.length + 5);
        byte[][] values = {valid, badKind, trailing, AvroSerde.serialize(second)};
        for (int i = 0; i < values.length; i++) {
            source.deserialize(record(i + 1, "exp-1", values[i]), out);
        }
        assertEquals(4, out.items.size(), "every id reads, so every record is keyed and travels to its stage");
        assertEquals(0, source.corruptRecords());

        decoder.open(context.getMetricGroup());
        List<SimEvent> decoded = new ArrayList<>();
        for (SimEventBytes b : out.items) {
            SimEvent e = decoder.decode(b);
            if (e != null) {
                decoded.add(e);
            }
        }
        assertEquals(List.of(first, second), decoded);
        assertEquals(2, decoder.corruptRecords());
        assertEquals(2, context.counters.get(SkipCorruptAvroDeserializationSchema.CORRUPT_RECORDS_METRIC).getCount());
        CorruptRecord reported = corrupt.get(0);
        assertEquals("asyncrl.prompts-2@2", reported.position());
        assertEquals("exp-1", reported.keyAsString());
        assertArrayEquals(badKind, reported.value());
        assertEquals(reasonOf(badKind), reported.reason());
        assertEquals(reasonOf(trailing), corrupt.get(1).reason());
        assertTrue(corrupt.get(1).reason().contains("bytes left over"), corrupt.get(1).reason());
    }

    @Test
    void shouldProduceAFlinkPojoNotAGenericType() {
        assertInstanceOf(PojoTypeInfo.class, source.getProducedType());
        assertEquals(SimEventBytes.class, source.getProducedType().getTypeClass());
    }

    @Test
    void shouldSurviveShippingToTaskManagers() throws Exception {
        SimEventBytesDeserializationSchema shipped =
                InstantiationUtil.clone(new SimEventBytesDeserializationSchema(CorruptRecordHandler.logging()));
        shipped.open(new TestingInitializationContext());
        shipped.deserialize(record(9, "exp-1", new byte[] {1, 2, 3}), out);
        assertEquals(1, shipped.corruptRecords());
        SimEventBytesDecoder decoderShipped = InstantiationUtil.clone(new SimEventBytesDecoder(CorruptRecordHandler.logging()));
        assertNull(decoderShipped.decode(new SimEventBytes("exp-1", "t", 0, 1, null, new byte[] {2, 0x61, 0x14})));
        assertEquals(1, decoderShipped.corruptRecords());
    }

    /** The reason the sources gave before, when they decoded every value. */
    private static String reasonOf(byte[] value) {
        try {
            AvroSerde.deserialize("asyncrl.prompts", value, SimEvent.class);
        } catch (AvroDecodeException e) {
            return e.getMessage();
        }
        throw new AssertionError("decodes");
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
