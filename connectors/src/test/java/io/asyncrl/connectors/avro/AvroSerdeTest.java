package io.asyncrl.connectors.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.asyncrl.connectors.TestingRecords;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;

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

    @Test
    void shouldRejectNullBytes() {
        AvroDecodeException e = assertThrows(AvroDecodeException.class, () -> AvroSerde.deserialize(null, SimEvent.class));
        assertEquals("Corrupt Avro record: 0 bytes do not decode as io.asyncrl.schemas.SimEvent "
                + "(null value)", e.getMessage());
    }
}
