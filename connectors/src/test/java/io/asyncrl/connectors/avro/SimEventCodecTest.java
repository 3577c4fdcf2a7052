package io.asyncrl.connectors.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.connectors.TestingRecords;
import io.asyncrl.schemas.BatchItem;
import io.asyncrl.schemas.EvalResult;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.Prompt;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StageFailure;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The hand-written codec against Avro itself: the same bytes for every payload type it covers, each one's
 * bytes decoded by the other to an equal record, and on corrupted bytes it never returns a record Avro
 * would not.
 */
class SimEventCodecTest {
    private static final SpecificData DATA = AvroSerde.generatedCoders(SimEvent.class);

    @Test
    void theSchemasHaveTheShapeTheCodecWasWrittenFor() {
        // A schema change turns the codec off (everything goes to Avro, correct but slow); this says so.
        assertTrue(SimEventCodec.ENABLED, "the codec is off; update SimEventCodec for the schemas:\n"
                + SimEventCodec.shapeOfSchemas());
    }

    @Test
    void writesAvrosBytesAndReadsThemBackForEveryPayloadAsDataAndInBatches() throws IOException {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            for (SimEvent e : events(random)) {
                byte[] avro = avroBytes(e);
                byte[] fast = SimEventCodec.encode(e);
                assertNotNull(fast, "covered: " + e);
                assertArrayEquals(avro, fast, "bytes of " + e);
                // Records compare through their Avro bytes: Avro's equals has NaN unequal to itself.
                assertArrayEquals(avro, avroBytes(SimEventCodec.decode(avro)));
                assertArrayEquals(avro, avroBytes(avroRead(fast)));
                assertArrayEquals(avro, AvroSerde.serialize(e));
                assertArrayEquals(avro, avroBytes(AvroSerde.deserialize(avro, SimEvent.class)));
            }
        }
    }

    @Test
    void leavesExperimentSpecsAndStageReportsToAvro() throws IOException {
        SimEvent spec = SimEvent.newBuilder(TestingRecords.promptEvent("exp", 1, 1)).setKind(EventKind.SPEC)
                .setPayload(TestingRecords.spec("exp")).build();
        SimEvent report = SimEvent.newBuilder(TestingRecords.promptEvent("exp", 1, 1))
                .setPayload(TestingRecords.stageReport()).build();
        SimEvent batchOfReports = batch("exp", List.of(new BatchItem(5L, TestingRecords.stageReport()),
                new BatchItem(6L, TestingRecords.stageReport())));
        for (SimEvent e : List.of(spec, report, batchOfReports)) {
            assertNull(SimEventCodec.encode(e));
            assertThrows(SimEventCodec.Unsupported.class, () -> SimEventCodec.decode(avroBytes(e)));
            // AvroSerde writes and reads them with Avro.
            assertArrayEquals(avroBytes(e), AvroSerde.serialize(e));
            assertEquals(e, AvroSerde.deserialize(avroBytes(e), SimEvent.class));
        }
    }

    @Test
    void neverReturnsARecordAvroWouldNotOnCorruptedBytes() throws IOException {
        Random random = new Random(11);
        int decodedByBoth = 0;
        int refusedByCodec = 0;
        for (int round = 0; round < 300; round++) {
            for (SimEvent e : events(random)) {
                byte[] bytes = corrupt(avroBytes(e), random);
                SimEvent fast;
                try {
                    fast = SimEventCodec.decode(bytes);
                } catch (RuntimeException refused) {
                    refusedByCodec++;
                    continue;
                }
                SimEvent avro = avroRead(bytes);
                assertNotNull(avro, "Avro refuses what the codec decoded: " + Arrays.toString(bytes));
                assertArrayEquals(avroBytes(avro), avroBytes(fast), "decoded differently: " + Arrays.toString(bytes));
                decodedByBoth++;
            }
        }
        // Both outcomes occur, so the comparison above ran and the corruptions were not all caught early.
        assertTrue(decodedByBoth > 100, "decoded by both: " + decodedByBoth);
        assertTrue(refusedByCodec > 100, "refused: " + refusedByCodec);
    }

    @Test
    void refusesLengthsAndCountsBeyondTheBytesLeftBeforeAllocating() {
        // experiment id "a", kind DATA, time 0, producer "p", seq 1, no payload, then a batch of 2^62 items.
        byte[] huge = {2, 'a', 2, 0, 2, 'p', 2, 0, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimEventCodec.decode(huge));
        assertTrue(e.getMessage().startsWith("array block of "), e.getMessage());
        byte[] longString = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 'a'};
        e = assertThrows(IllegalArgumentException.class, () -> SimEventCodec.decode(longString));
        assertTrue(e.getMessage().startsWith("string of "), e.getMessage());
        // AvroSerde reports them as corrupt, as before.
        assertThrows(AvroDecodeException.class, () -> AvroSerde.deserialize(huge, SimEvent.class));
    }

    @Test
    void readsEveryEdgeValueAlikeNearTheEndOfTheBytesAndAwayFromItAndRefusesEveryPrefix() throws IOException {
        // The reader takes a shortcut where the longest int or long still fits before the end, and goes byte by byte
        // near the end: a value in the last field of a record is read near the end, the same value before a batch away
        // from it.
        long[] values = {0, 1, -1, 63, 64, -64, -65, 8191, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE,
                Integer.MAX_VALUE + 1L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE >> 7, Long.MIN_VALUE >> 7};
        Random random = new Random(3);
        for (long v : values) {
            int i = (int) v;
            SimEvent last = SimEvent.newBuilder().setExperimentId("e").setKind(EventKind.WATERMARK).setTimeUs(v)
                    .setProducer("p").setSeq(v).setPayload(null).setBatch(List.of()).build();
            Trajectory t = trajectory(random);
            t.setInstance(i);
            t.setDispatchUs(v);
            TrajectoryOutcome o = new TrajectoryOutcome(new ScoredTrajectory(t, Double.longBitsToDouble(v), v), true,
                    i, i, Double.longBitsToDouble(~v), false);
            SimEvent away = batch("e", List.of(new BatchItem(v, o), new BatchItem(v, o), new BatchItem(v, scored(random))));
            SimEvent lastOfBatch = batch("e", List.of(new BatchItem(v, new PolicyVersion(i, v, v, true))));
            for (SimEvent e : List.of(last, away, lastOfBatch)) {
                byte[] avro = avroBytes(e);
                assertArrayEquals(avro, SimEventCodec.encode(e), "bytes of " + v);
                assertArrayEquals(avro, avroBytes(SimEventCodec.decode(avro)), "read back " + v);
                for (int end = 0; end < avro.length; end++) {
                    byte[] prefix = Arrays.copyOf(avro, end);
                    assertThrows(IllegalArgumentException.class, () -> SimEventCodec.decode(prefix),
                            "a prefix of " + end + " of " + avro.length + " bytes, value " + v);
                }
            }
        }
    }

    @Test
    void encodesAvrosBytesFromManyThreadsAtOnceAndAfterAHugeRecord() throws Exception {
        // Each thread writes into a buffer of its own, reused from record to record.
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int k = 0; k < 4; k++) {
            long seed = k;
            threads.add(new Thread(() -> {
                try {
                    Random random = new Random(seed);
                    for (int round = 0; round < 100; round++) {
                        for (SimEvent e : events(random)) {
                            assertArrayEquals(avroBytes(e), SimEventCodec.encode(e));
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        SimEvent huge = SimEvent.newBuilder(events(new Random(5)).get(0))
                .setPayload(new RunSummary("x".repeat(3 << 20))).build();
        assertArrayEquals(avroBytes(huge), SimEventCodec.encode(huge));
        for (SimEvent e : events(new Random(6))) {
            assertArrayEquals(avroBytes(e), SimEventCodec.encode(e));
        }
    }

    private static List<SimEvent> events(Random r) {
        List<Object> payloads = List.of(prompt(r), trajectory(r), scored(r), new PolicyVersion(r.nextInt(50),
                        time(r), time(r), r.nextBoolean()),
                new EvalResult(r.nextInt(50), time(r), time(r), r.nextInt(600), r.nextInt(512), r.nextDouble() * 1e4),
                new StepReport(r.nextInt(300), time(r), time(r), time(r), time(r), r.nextInt(9000), r.nextInt(100),
                        r.nextLong() >>> 20, r.nextLong() >>> 22, r.nextDouble() * 500, r.nextDouble() * 40,
                        r.nextDouble() * 8, r.nextInt(9)),
                new TrajectoryOutcome(scored(r), r.nextBoolean(), r.nextInt(300), r.nextInt(9) - 1, r.nextDouble(),
                        r.nextBoolean()),
                new RunSummary("{\"é\": " + r.nextInt() + ", \"ü\": \"" + "x".repeat(r.nextInt(40)) + "\"}"),
                new StageFailure("trainer", "out of memory at step " + r.nextInt(100) + " \u2014 ∑"));
        List<SimEvent> events = new ArrayList<>();
        String experiment = "exp-" + Long.toHexString(r.nextLong());
        for (Object p : payloads) {
            events.add(SimEvent.newBuilder().setExperimentId(experiment).setKind(EventKind.DATA).setTimeUs(time(r))
                    .setProducer("rollout-" + r.nextInt(3)).setSeq(1 + r.nextInt(1_000_000)).setPayload(p)
                    .setBatch(List.of()).build());
        }
        List<BatchItem> items = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(20); i++) {
            items.add(new BatchItem(time(r), payloads.get(r.nextInt(payloads.size()))));
        }
        events.add(batch(experiment, items));
        for (EventKind kind : List.of(EventKind.WATERMARK, EventKind.END)) {
            events.add(SimEvent.newBuilder().setExperimentId(experiment).setKind(kind).setTimeUs(time(r))
                    .setProducer("trainer").setSeq(0).setPayload(null).setBatch(List.of()).build());
        }
        return events;
    }

    private static SimEvent batch(String experiment, List<BatchItem> items) {
        return SimEvent.newBuilder().setExperimentId(experiment).setKind(EventKind.BATCH).setTimeUs(3L)
                .setProducer("reward").setSeq(17).setPayload(null).setBatch(items).build();
    }

    private static long time(Random r) {
        // Negative ones too: zig-zag both ways.
        return r.nextInt(10) == 0 ? -r.nextInt(1000) : r.nextLong() >>> (20 + r.nextInt(40));
    }

    private static Prompt prompt(Random r) {
        List<Integer> lengths = new ArrayList<>();
        for (int i = 0; i < r.nextInt(17); i++) {
            lengths.add(r.nextInt(27_649));
        }
        return new Prompt(r.nextLong() >>> 30, 32 + r.nextInt(1000), lengths);
    }

    private static Trajectory trajectory(Random r) {
        List<VersionSpan> spans = new ArrayList<>();
        for (int i = 0; i < r.nextInt(4); i++) {
            spans.add(new VersionSpan(r.nextInt(300), r.nextInt(27_648)));
        }
        return new Trajectory(r.nextLong() >>> 25, r.nextLong() >>> 29, r.nextInt(16), r.nextInt(1025),
                r.nextInt(27_649), r.nextInt(288), time(r), time(r), time(r), r.nextInt(300), r.nextInt(300),
                r.nextInt(5), r.nextInt(3), spans, r.nextInt(4), r.nextInt(300) - 1);
    }

    private static ScoredTrajectory scored(Random r) {
        double reward = r.nextInt(20) == 0 ? Double.NaN : r.nextDouble() * 2 - 1;
        return new ScoredTrajectory(trajectory(r), reward, time(r));
    }

    /** A random corruption: a byte changed, the end cut off, or bytes appended. */
    private static byte[] corrupt(byte[] bytes, Random r) {
        switch (r.nextInt(3)) {
            case 0 -> {
                byte[] copy = bytes.clone();
                copy[r.nextInt(copy.length)] = (byte) r.nextInt(256);
                return copy;
            }
            case 1 -> {
                return Arrays.copyOf(bytes, r.nextInt(bytes.length));
            }
            default -> {
                byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + r.nextInt(3));
                return longer;
            }
        }
    }

    private static byte[] avroBytes(SimEvent e) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SimEvent>(SimEvent.getClassSchema(), DATA).write(e, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Avro's reading, bounded and strict as AvroSerde's (every byte consumed), or null if it fails. */
    private static SimEvent avroRead(byte[] bytes) {
        try {
            BoundedDecoder decoder = new BoundedDecoder().reset(bytes);
            SimEvent e = new SpecificDatumReader<SimEvent>(SimEvent.getClassSchema(), SimEvent.getClassSchema(), DATA)
                    .read(null, decoder);
            return decoder.isEnd() ? e : null;
        } catch (IOException | RuntimeException failed) {
            return null;
        }
    }
}
