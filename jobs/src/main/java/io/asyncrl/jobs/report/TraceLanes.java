package io.asyncrl.jobs.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts possibly overlapping slices on as few lanes (trace threads) as needed so that no two slices on a
 * lane overlap: the Trace Event Format requires complete events on one thread to nest, and two weight
 * syncs in flight at once (async training goes on while the last version is still being sent) would not.
 * Greedy interval partitioning, slices by (start, end, index): each goes to the lowest lane that is free at
 * its start, which is optimal and deterministic.
 */
final class TraceLanes {
    /** A slice {@code [startUs, endUs)} with the index it was given in. */
    record Slice(int index, long startUs, long endUs) {}

    private TraceLanes() {}

    /** The lane of each slice, by the slice's index. */
    static int[] assign(List<Slice> slices) {
        List<Slice> sorted = new ArrayList<>(slices);
        sorted.sort(Comparator.comparingLong(Slice::startUs).thenComparingLong(Slice::endUs).thenComparingInt(Slice::index));
        int[] lanes = new int[slices.size()];
        List<Long> laneFreeAt = new ArrayList<>();
        for (Slice s : sorted) {
            int lane = 0;
            while (lane < laneFreeAt.size() && laneFreeAt.get(lane) > s.startUs()) {
                lane++;
            }
            if (lane == laneFreeAt.size()) {
                laneFreeAt.add(s.endUs());
            } else {
                laneFreeAt.set(lane, s.endUs());
            }
            lanes[s.index()] = lane;
        }
        return lanes;
    }
}
