package io.asyncrl.operators.sim.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The packed order of the busy intervals is the comparator's order, ties included. */
class BusyOrderTest {
    @Test
    void shouldOrderAHandCheckedCase() {
        int[] instance = {1, 0, 1, 0, 1};
        long[] start = {5, 9, 5, 2, 3};
        long[] end = {8, 10, 6, 4, 9};
        // instance 0: (2,4) #3, (9,10) #1; instance 1: (3,9) #4, (5,6) #2, (5,8) #0
        assertArrayEquals(new int[] {3, 1, 4, 2, 0}, BusyOrder.of(instance, start, end, 5));
    }

    @Test
    void shouldMatchTheComparatorOnRandomIntervalsWithManyTies() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(300);
            int[] instance = new int[n];
            long[] start = new long[n];
            long[] end = new long[n];
            boolean negative = trial % 10 == 9; // the fallback path
            for (int i = 0; i < n; i++) {
                instance[i] = random.nextInt(1 + trial % 7);
                start[i] = random.nextInt(20) - (negative ? 5 : 0);
                end[i] = start[i] + random.nextInt(4);
            }
            assertArrayEquals(BusyOrder.byComparator(instance, start, end, n), BusyOrder.of(instance, start, end, n),
                    "trial " + trial);
        }
    }

    @Test
    void shouldPackMoreThanTwoMillionTrajectoriesAndStartsNearTheLimit() {
        // a 250-step AReaL 7B run has 2.1M trajectories: more than 2^21, the index width of a fixed split
        SplittableRandom random = new SplittableRandom(5);
        int n = (1 << 21) + 1_000;
        int[] instance = new int[n];
        long[] start = new long[n];
        long[] end = new long[n];
        for (int i = 0; i < n; i++) {
            instance[i] = random.nextInt(64);
            start[i] = random.nextLong(1L << 40); // under 2^(63 - 22)
            end[i] = start[i] + random.nextInt(3);
        }
        assertArrayEquals(BusyOrder.byComparator(instance, start, end, n), BusyOrder.of(instance, start, end, n));
        // few trajectories leave room for starts up to 2^59 (4 index bits for 9)
        long[] wide = {1L << 58, 3, (1L << 58) + 1, 1L << 58, 7, 0, 1L << 57, 3, 2};
        int[] one = new int[wide.length];
        long[] wideEnd = new long[wide.length];
        for (int i = 0; i < wide.length; i++) {
            wideEnd[i] = wide[i] + (i % 3);
        }
        assertArrayEquals(BusyOrder.byComparator(one, wide, wideEnd, wide.length),
                BusyOrder.of(one, wide, wideEnd, wide.length));
    }
}
