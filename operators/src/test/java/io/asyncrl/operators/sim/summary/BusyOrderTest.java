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
}
