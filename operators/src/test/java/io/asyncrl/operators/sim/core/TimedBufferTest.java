package io.asyncrl.operators.sim.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.schemas.VersionSpan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The buffer hands records out in (time, id) order, records with equal keys in the order they were added, whatever
 * the interleaving of adds and polls and across a state round trip taken at any point: checked against a plain
 * sorted list over seeds.
 */
class TimedBufferTest {
    /** A reference entry: key, and the sequence number of its add (equal keys leave in add order). */
    private record Ref(long timeUs, long id, int seq) {}

    private static final Comparator<Ref> ORDER = Comparator.comparingLong(Ref::timeUs).thenComparingLong(Ref::id)
            .thenComparingInt(Ref::seq);

    @Test
    void shouldPollInTimeIdOrderAndEqualKeysInAddOrderOverSeeds() throws Exception {
        for (long seed = 1; seed <= 40; seed++) {
            Random rnd = new Random(seed);
            TimedBuffer buffer = new TimedBuffer();
            List<Ref> reference = new ArrayList<>();
            long clock = 0;
            int seq = 0;
            for (int op = 0; op < 3_000; op++) {
                int dice = rnd.nextInt(10);
                if (dice < 6 || reference.isEmpty()) {
                    // mostly in order, sometimes before the head or in the middle, with repeated keys
                    long t = switch (rnd.nextInt(4)) {
                        case 0 -> clock;
                        case 1 -> clock - rnd.nextInt(50);
                        default -> clock += rnd.nextInt(3);
                    };
                    long id = rnd.nextInt(5);
                    Ref r = new Ref(t, id, seq++);
                    reference.add(r);
                    reference.sort(ORDER);
                    buffer.add(t, id, new VersionSpan(r.seq(), 0));
                } else if (dice < 9) {
                    Ref expected = reference.remove(0);
                    assertEquals(expected.timeUs(), buffer.headTimeUs(), "seed " + seed + " op " + op);
                    assertEquals(expected.seq(), buffer.poll(VersionSpan.class).getVersion(), "seed " + seed + " op " + op);
                } else {
                    buffer = roundTrip(buffer);
                }
                assertEquals(reference.size(), buffer.size());
                assertEquals(reference.isEmpty(), buffer.isEmpty());
            }
            while (!reference.isEmpty()) {
                assertEquals(reference.remove(0).seq(), buffer.poll(VersionSpan.class).getVersion(), "seed " + seed);
            }
            assertTrue(buffer.isEmpty());
            assertEquals(SimTime.NEVER, buffer.headTimeUs());
        }
    }

    @Test
    void shouldPutARecordEarlierThanEveryWaitingOneFirstAfterPolls() {
        TimedBuffer buffer = new TimedBuffer();
        for (int i = 0; i < 100; i++) {
            buffer.add(10 + i, 0, new VersionSpan(i, 0));
        }
        for (int i = 0; i < 70; i++) {
            assertEquals(i, buffer.poll(VersionSpan.class).getVersion());
        }
        buffer.add(5, 0, new VersionSpan(-1, 0));
        buffer.add(5, 0, new VersionSpan(-2, 0));
        assertEquals(32, buffer.size());
        assertEquals(5, buffer.headTimeUs());
        assertEquals(-1, buffer.poll(VersionSpan.class).getVersion());
        assertEquals(-2, buffer.poll(VersionSpan.class).getVersion());
        for (int i = 70; i < 100; i++) {
            assertEquals(i, buffer.poll(VersionSpan.class).getVersion());
        }
        assertThrows(NoSuchElementException.class, () -> buffer.poll(VersionSpan.class));
    }

    private static TimedBuffer roundTrip(TimedBuffer buffer) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StateIo.writeBuffer(buffer, new DataOutputStream(bytes));
        return StateIo.readBuffer(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
