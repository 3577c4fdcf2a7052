package io.asyncrl.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The raw phase's bytes: made before its clock, yet every record of its own content and exact size. */
class RawKafkaBytePoolTest {

    @Test
    void shouldGiveEachRecordFreshBytesOfItsSizeThatDifferFromTheLast() {
        RawKafka.BytePool pool = RawKafka.BytePool.forLargest(300_000);
        Set<String> seen = new HashSet<>();
        byte[] last = null;
        for (int i = 0; i < 200; i++) {
            int size = i % 2 == 0 ? 300_000 : 64;
            byte[] b = pool.next(size);
            assertEquals(size, b.length);
            assertNotSame(last, b);
            if (size == 64) {
                // the broker would see no run of equal small records: each is a different slice
                assertFalse(Arrays.equals(new byte[64], b), "a record of zeros at record " + i);
                seen.add(Arrays.toString(b));
            }
            last = b;
        }
        assertEquals(100, seen.size(), "every 64-byte record differs from the others");
        // the largest record fits at every offset the stride reaches
        for (int i = 0; i < 1_000; i++) {
            assertEquals(300_000, pool.next(300_000).length);
        }
    }

    @Test
    void shouldBeTheSameBytesInEveryRun() {
        RawKafka.BytePool a = RawKafka.BytePool.forLargest(1_000);
        RawKafka.BytePool b = RawKafka.BytePool.forLargest(1_000);
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(a.next(1_000), b.next(1_000));
        }
    }

    @Test
    void shouldKnowTheLargestKeyOrValueOfATopic() {
        RecordSizes.Builder sizes = new RecordSizes.Builder();
        sizes.add(19, 5_000);
        sizes.add(250_000, 60);
        sizes.add(19, 43);
        assertEquals(250_000, sizes.build().largest());
        assertEquals(0, new RecordSizes.Builder().build().largest());
    }
}
