package io.asyncrl.operators.sim.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexedHeapTest {

    /** The index a scan in index order keeping the first strict minimum finds (what the controller did before). */
    private static int scanMin(long[] keys) {
        int best = 0;
        for (int i = 1; i < keys.length; i++) {
            if (keys[i] < keys[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void shouldAlwaysTopTheLowestIndexOfTheSmallestKeyAsAScanWould() {
        for (int n : new int[] {1, 2, 3, 7, 64, 513}) {
            Random random = new Random(n);
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                // Few distinct keys, so that ties (broken by index) are common.
                keys[i] = random.nextInt(5);
            }
            IndexedHeap heap = new IndexedHeap(keys);
            for (int round = 0; round < 5_000; round++) {
                int expected = scanMin(keys);
                assertEquals(expected, heap.top(), "n=" + n + " round " + round);
                assertEquals(keys[expected], heap.topKey());
                int i = random.nextInt(n);
                keys[i] = random.nextInt(5);
                heap.update(i, keys[i]);
            }
        }
    }

    @Test
    void shouldReorderOnIncreaseAndDecrease() {
        // keys 5, 3, 3: index 1 wins the tie with 2; raising it to 9 leaves 2; lowering 0 to 1 makes 0 the top.
        IndexedHeap heap = new IndexedHeap(new long[] {5, 3, 3});
        assertEquals(1, heap.top());
        heap.update(1, 9);
        assertEquals(2, heap.top());
        heap.update(0, 1);
        assertEquals(0, heap.top());
        assertEquals(1, heap.topKey());
    }
}
