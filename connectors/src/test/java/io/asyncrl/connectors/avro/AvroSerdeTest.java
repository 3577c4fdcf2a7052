package io.asyncrl.connectors.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.asyncrl.connectors.TestingRecords;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.Prompt;
import io.asyncrl.schemas.SimEvent;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    @Test
    void shouldRoundTripEnvelopeWithEachKindOfPayload() {
        SimEvent prompt = TestingRecords.promptEvent("exp-1", 123, 4);
        SimEvent metric = SimEvent.newBuilder(prompt).setPayload(TestingRecords.stageReport()).build();
        SimEvent spec = SimEvent.newBuilder(prompt).setKind(EventKind.SPEC).setPayload(TestingRecords.spec("exp-1")).build();
        SimEvent end = SimEvent.newBuilder(prompt).setKind(EventKind.END).setPayload(null).build();
        for (SimEvent event : new SimEvent[] {prompt, metric, spec, end}) {
            assertEquals(event, AvroSerde.deserialize(AvroSerde.serialize(event), SimEvent.class));
        }
    }

    @Test
    void shouldRoundTripBareExperimentSpec() {
        ExperimentSpec spec = TestingRecords.spec("exp-2");
        assertEquals(spec, AvroSerde.deserialize(AvroSerde.serialize(spec), ExperimentSpec.class));
    }

    @Test
    void shouldWriteTheSameBytesAsFlinkAvroSerializationSchema() throws Exception {
        SimEvent event = TestingRecords.promptEvent("exp-3", 99, 1);
        AvroSerializationSchema<SimEvent> flink = AvroSerializationSchema.forSpecific(SimEvent.class);
        assertArrayEquals(flink.serialize(event), AvroSerde.serialize(event));
    }

    @Test
    void shouldNameTopicAndClassWhenBytesAreNotAvro() {
        byte[] text = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        AvroDecodeException e = assertThrows(AvroDecodeException.class,
                () -> AvroSerde.deserialize("asyncrl.prompts", text, SimEvent.class));
        assertTrue(e.getMessage().startsWith("Corrupt Avro record: 19 bytes on topic 'asyncrl.prompts' do not decode as "
                + "io.asyncrl.schemas.SimEvent ("), e.getMessage());
        assertEquals("asyncrl.prompts", e.topic());
        assertEquals(SimEvent.class, e.type());
    }

    @Test
    void shouldRejectTruncatedRecord() {
        byte[] full = AvroSerde.serialize(TestingRecords.promptEvent("exp-4", 5, 6));
        byte[] truncated = Arrays.copyOf(full, full.length - 3);
        assertThrows(AvroDecodeException.class, () -> AvroSerde.deserialize(truncated, SimEvent.class));
    }

    @Test
    void shouldRejectTrailingBytesAfterACompleteRecord() {
        byte[] full = AvroSerde.serialize(TestingRecords.watermark("exp-5", 5));
        byte[] padded = Arrays.copyOf(full, full.length + 2);
        AvroDecodeException e = assertThrows(AvroDecodeException.class, () -> AvroSerde.deserialize(padded, SimEvent.class));
        assertTrue(e.getMessage().endsWith("(bytes left over after a complete record)"), e.getMessage());
    }

    @Test
    void shouldRejectHugeLengthPrefixWithoutRunningOutOfMemory() {
        // A varint claiming a ~1 GiB experiment id, followed by nothing.
        byte[] hostile = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        long start = System.nanoTime();
        assertThrows(AvroDecodeException.class, () -> AvroSerde.deserialize(hostile, SimEvent.class));
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "decoding a hostile record took over a second");
    }

    @Test
    void shouldRejectHugeArrayCountWithoutAllocatingIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        encoder.writeString("a");           // experiment_id
        encoder.writeEnum(1);               // kind DATA
        encoder.writeLong(0);               // time_us
        encoder.writeIndex(2);              // payload: Prompt
        encoder.writeLong(0);               // prompt_id
        encoder.writeInt(0);                // prompt_tokens
        encoder.writeLong(1_000_000_000L);  // response_tokens: a block claiming a billion ints
        encoder.writeInt(5);
        encoder.flush();
        long start = System.nanoTime();
        assertThrows(AvroDecodeException.class, () -> AvroSerde.deserialize(out.toByteArray(), SimEvent.class));
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "decoding a hostile record took over a second");
    }

    /**
     * A length prefix claiming more than the record holds is refused before anything is allocated for it:
     * the reason names the claim and the bytes left, and the decoding thread allocates far less than the
     * claim (Avro 1.12.1's own decoder would size a 1 GiB buffer from the prefix first).
     */
    @Test
    void shouldRefuseAStringLongerThanTheBytesLeftBeforeAllocatingIt() {
        // experiment_id claims 1,073,741,823 bytes (zig-zag varint FE FF FF FF 07); nothing follows.
        byte[] hostile = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        long before = allocatedBytes();
        AvroDecodeException e = assertThrows(AvroDecodeException.class,
                () -> AvroSerde.deserialize("asyncrl.scored", hostile, SimEvent.class));
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < 16L << 20, "decoding a 5-byte record allocated " + allocated + " bytes");
        assertTrue(e.getMessage().contains("a string of 1073741823 bytes claimed where 0 bytes are left"), e.getMessage());
    }

    /** The SimEvent fields before the payload of a DATA record: experiment "a", time 0, producer "", seq 1. */
    private static void dataEnvelopeHeader(BinaryEncoder encoder) throws java.io.IOException {
        encoder.writeString("a");
        encoder.writeEnum(1);
        encoder.writeLong(0);
        encoder.writeString("");
        encoder.writeLong(1);
    }

    @Test
    void shouldRefuseAnArrayBlockWithMoreItemsThanTheBytesLeftBeforeAllocatingIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        dataEnvelopeHeader(encoder);
        encoder.writeIndex(2);              // payload: Prompt
        encoder.writeLong(0);               // prompt_id
        encoder.writeInt(0);                // prompt_tokens
        encoder.writeLong(200_000_000L);    // response_tokens: a block claiming 200 million ints
        encoder.writeInt(5);
        encoder.flush();
        long before = allocatedBytes();
        AvroDecodeException e = assertThrows(AvroDecodeException.class,
                () -> AvroSerde.deserialize(out.toByteArray(), SimEvent.class));
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < 16L << 20, "decoding a hostile record allocated " + allocated + " bytes");
        assertTrue(e.getMessage().contains("an array block of 200000000 items claimed where 1 bytes are left"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAMapBlockWithMoreEntriesThanTheBytesLeft() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        dataEnvelopeHeader(encoder);
        encoder.writeIndex(9);              // payload: StageReport
        encoder.writeString("rollout");     // stage
        encoder.writeLong(0);               // end_us
        encoder.writeDouble(0);             // busy_device_seconds
        encoder.writeInt(1);                // devices
        encoder.writeLong(50_000_000L);     // counters: a block claiming 50 million entries
        encoder.flush();
        AvroDecodeException e = assertThrows(AvroDecodeException.class,
                () -> AvroSerde.deserialize(out.toByteArray(), SimEvent.class));
        assertTrue(e.getMessage().contains("a map block of 50000000 items claimed where 0 bytes are left"), e.getMessage());
    }

    @Test
    void shouldBoundItemCountsByBytesOnlyWhereEveryItemTakesAByte() {
        // Ours: decoding is one pass.
        assertTrue(BoundedDecoder.countsBoundedByBytes(SimEvent.getClassSchema()));
        assertTrue(BoundedDecoder.countsBoundedByBytes(ExperimentSpec.getClassSchema()));
        // An array of nulls or of empty records takes one byte per block, whatever its count.
        assertFalse(BoundedDecoder.countsBoundedByBytes(new Schema.Parser().parse(
                "{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"a\", "
                        + "\"type\": {\"type\": \"array\", \"items\": \"null\"}}]}")));
        assertFalse(BoundedDecoder.countsBoundedByBytes(new Schema.Parser().parse(
                "{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"a\", \"type\": "
                        + "{\"type\": \"map\", \"values\": {\"type\": \"array\", \"items\": "
                        + "{\"type\": \"record\", \"name\": \"E\", \"fields\": []}}}}]}")));
        // A map entry always takes its key's length byte.
        assertTrue(BoundedDecoder.countsBoundedByBytes(new Schema.Parser().parse(
                "{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"a\", "
                        + "\"type\": {\"type\": \"map\", \"values\": \"null\"}}]}")));
    }

    @Test
    void shouldRoundTripRecordsWithEmptyStringsArraysAndMaps() {
        SimEvent event = SimEvent.newBuilder(TestingRecords.promptEvent("", 1, 1))
                .setProducer("")
                .setPayload(io.asyncrl.schemas.StageReport.newBuilder().setStage("").setEndUs(0)
                        .setBusyDeviceSeconds(0).setDevices(0).setCounters(java.util.Map.of()).build())
                .build();
        assertEquals(event, AvroSerde.deserialize(AvroSerde.serialize(event), SimEvent.class));
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread allocation counter). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void shouldRejectNullBytes() {
        AvroDecodeException e = assertThrows(AvroDecodeException.class, () -> AvroSerde.deserialize(null, SimEvent.class));
        assertEquals("Corrupt Avro record: 0 bytes do not decode as io.asyncrl.schemas.SimEvent "
                + "(null value)", e.getMessage());
    }

    @Test
    void shouldReadTheExperimentIdAsTheFullDecodeDoesWithoutTheRest() {
        for (String id : new String[] {"exp-1", "", "\u00e9t\u00e9-\u5b9f\u9a13-\ud83d\ude80"}) {
            byte[] bytes = AvroSerde.serialize(TestingRecords.promptEvent(id, 5, 6));
            assertEquals(AvroSerde.deserialize(bytes, SimEvent.class).getExperimentId(),
                    AvroSerde.leadingString("t", bytes, SimEvent.class));
            // Only the field is read: what follows it may be anything.
            byte[] idThenGarbage = Arrays.copyOf(bytes, 1 + id.getBytes(StandardCharsets.UTF_8).length + 3);
            Arrays.fill(idThenGarbage, idThenGarbage.length - 3, idThenGarbage.length, (byte) 0xff);
            assertEquals(id, AvroSerde.leadingString("t", idThenGarbage, SimEvent.class));
        }
    }

    @Test
    void shouldRefuseALeadingStringThatDoesNotReadWithTheFullDecodesReason() {
        byte[][] corrupt = {
            {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}, // a 1 GiB string in 5 bytes
            {0x03, 0x61}, // a negative length
            {0x0a, 0x61, 0x62}, // 5 bytes claimed, 2 left
            {}, // nothing
            {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80}, // a varint that never ends
            null,
        };
        for (byte[] bytes : corrupt) {
            AvroDecodeException prefix = assertThrows(AvroDecodeException.class,
                    () -> AvroSerde.leadingString("asyncrl.prompts", bytes, SimEvent.class));
            AvroDecodeException full = assertThrows(AvroDecodeException.class,
                    () -> AvroSerde.deserialize("asyncrl.prompts", bytes, SimEvent.class));
            assertEquals(full.getMessage(), prefix.getMessage());
        }
    }

    @Test
    void shouldRefuseToReadALeadingStringOfARecordThatStartsWithAnotherType() {
        byte[] bytes = AvroSerde.serialize(Prompt.newBuilder().setPromptId(1).setPromptTokens(2)
                .setResponseTokens(java.util.List.of(3)).build());
        assertThrows(IllegalArgumentException.class, () -> AvroSerde.leadingString("t", bytes, Prompt.class));
        assertEquals("exp-2", AvroSerde.leadingString("t", AvroSerde.serialize(TestingRecords.spec("exp-2")),
                ExperimentSpec.class));
    }
}
