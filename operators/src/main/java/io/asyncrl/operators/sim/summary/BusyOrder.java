package io.asyncrl.operators.sim.summary;

import java.util.Arrays;

/**
 * The order {@link StepBreakdown} merges the trajectories' busy intervals in: by instance, then start, then end, then
 * index. A comparator sort of boxed indices did this in about 3% of {@code plan}'s CPU (docs/performance.md); here a
 * counting sort by instance and, per instance, a sort of packed {@code start << 21 | index} longs, with runs of equal
 * starts then ordered by end. Inputs the packing cannot hold (a negative instance or start, a start at or past 2^42
 * microseconds, 2^21 trajectories or more) take the comparator sort; both give the same order.
 */
final class BusyOrder {
    private static final int INDEX_BITS = 21;

    private BusyOrder() {}

    static int[] of(int[] instance, long[] startUs, long[] endUs, int n) {
        int maxInstance = 0;
        boolean packs = n < (1 << INDEX_BITS);
        for (int i = 0; packs && i < n; i++) {
            packs = instance[i] >= 0 && startUs[i] >= 0 && startUs[i] < (1L << 42);
            maxInstance = Math.max(maxInstance, instance[i]);
        }
        if (!packs) {
            return byComparator(instance, startUs, endUs, n);
        }
        int[] first = new int[maxInstance + 2];
        for (int i = 0; i < n; i++) {
            first[instance[i] + 1]++;
        }
        for (int k = 1; k < first.length; k++) {
            first[k] += first[k - 1];
        }
        long[] keys = new long[n];
        int[] next = Arrays.copyOf(first, first.length);
        for (int i = 0; i < n; i++) {
            keys[next[instance[i]]++] = startUs[i] << INDEX_BITS | i;
        }
        int[] order = new int[n];
        for (int k = 0; k + 1 < first.length; k++) {
            Arrays.sort(keys, first[k], first[k + 1]);
        }
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & ((1 << INDEX_BITS) - 1));
        }
        // equal instance and start: by end, then index (the keys already put equal starts in index order)
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && instance[order[j]] == instance[order[i]] && startUs[order[j]] == startUs[order[i]]) {
                j++;
            }
            if (j - i > 1) {
                sortRunByEnd(order, i, j, endUs);
            }
            i = j;
        }
        return order;
    }

    /** Insertion sort of {@code order[from, to)} by (end, index): runs of equal starts are short. */
    private static void sortRunByEnd(int[] order, int from, int to, long[] endUs) {
        for (int i = from + 1; i < to; i++) {
            int x = order[i];
            int j = i - 1;
            while (j >= from && (endUs[order[j]] > endUs[x] || (endUs[order[j]] == endUs[x] && order[j] > x))) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
    }

    static int[] byComparator(int[] instance, long[] startUs, long[] endUs, int n) {
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> instance[a] != instance[b] ? Integer.compare(instance[a], instance[b])
                : startUs[a] != startUs[b] ? Long.compare(startUs[a], startUs[b]) : Long.compare(endUs[a], endUs[b]));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
        return order;
    }
}
