package io.asyncrl.operators.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.schemas.EventKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What a stage applies once, and the bytes of what it remembers (a checkpoint's). */
class DedupTest {

    @Test
    void shouldApplyEachNumberedRecordOfAProducerOnceAndWatermarksAndUnnumberedRecordsAlways() {
        Dedup d = new Dedup();
        assertTrue(d.accept(EventKind.DATA, "rollout", 1));
        assertTrue(d.accept(EventKind.DATA, "rollout", 2));
        assertFalse(d.accept(EventKind.DATA, "rollout", 2), "a replay");
        assertFalse(d.accept(EventKind.DATA, "rollout", 1), "an older replay");
        assertTrue(d.accept(EventKind.DATA, "reward", 1), "another producer counts on its own");
        assertTrue(d.accept(EventKind.DATA, "rollout", 5), "a gap is no replay");
        assertFalse(d.accept(EventKind.END, "rollout", 4));
        assertTrue(d.accept(EventKind.WATERMARK, "rollout", 3), "a watermark carries no number");
        assertTrue(d.accept(EventKind.SPEC, "", 0));
        assertTrue(d.accept(EventKind.SPEC, "", 0), "an unnumbered record is not remembered");
        assertFalse(d.accept(EventKind.DATA, "x", -1), "below any number applied, as no record is numbered");
        assertTrue(d.accept(EventKind.DATA, "x", 1));
    }

    @Test
    void shouldWriteWhatItRemembersSortedByProducerAndReadItBack() throws IOException {
        Dedup d = new Dedup();
        d.accept(EventKind.DATA, "trainer", 7);
        d.accept(EventKind.DATA, "reward", 3);
        d.accept(EventKind.DATA, "reward", 4);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        out.writeInt(2);
        out.writeUTF("reward");
        out.writeLong(4);
        out.writeUTF("trainer");
        out.writeLong(7);
        assertArrayEquals(expected.toByteArray(), bytes(d));

        Dedup read = Dedup.read(new DataInputStream(new ByteArrayInputStream(bytes(d))));
        assertArrayEquals(bytes(d), bytes(read));
        assertFalse(read.accept(EventKind.DATA, "reward", 4));
        assertTrue(read.accept(EventKind.DATA, "reward", 5));
        assertFalse(read.accept(EventKind.DATA, "trainer", 7));
    }

    private static byte[] bytes(Dedup d) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        d.write(new DataOutputStream(b));
        return b.toByteArray();
    }
}
