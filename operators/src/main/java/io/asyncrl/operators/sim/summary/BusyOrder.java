package io.asyncrl.operators.sim.summary;

import java.util.Arrays;

/**
 * The order {@link StepBreakdown} merges the trajectories' busy intervals in: by instance, then start, then end, then
 * index. A comparator sort of boxed indices did this in about 3% of {@code plan}'s CPU (docs/performance.md); here a
 * counting sort by instance and, per instance, a sort of packed {@code start << b | index} longs (b the bits the
 * trajectory count needs), with runs of equal starts then ordered by end. Inputs the packing cannot hold (a negative
 * instance or start, a start at or past 2^(63 - b) microseconds) take the comparator sort; both give the same order.
 */
final class BusyOrder {
    private BusyOrder() {}

    static int[] of(int[] instance, long[] startUs, long[] endUs, int n) {
        int maxInstance = 0;
        // as few index bits as n needs (a 250-step run of the AReaL 7B spec has 2.1M trajectories), the rest for start
        int indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(n));
        long startLimit = 1L << (63 - indexBits);
        boolean packs = true;
        for (int i = 0; packs && i < n; i++) {
            packs = instance[i] >= 0 && startUs[i] >= 0 && startUs[i] < startLimit;
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
            keys[next[instance[i]]++] = startUs[i] << indexBits | i;
        }
        int[] order = new int[n];
        for (int k = 0; k + 1 < first.length; k++) {
            Arrays.sort(keys, first[k], first[k + 1]);
        }
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & ((1L << indexBits) - 1));
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
