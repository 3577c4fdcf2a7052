package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.TrajectoryOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Trajectory outcomes in trajectory-id order: how the trainer emits a step's, and how a run's are listed. */
public final class OutcomeOrder {
    private OutcomeOrder() {}

    /** Bits of a packed sort key that hold the index: up to 4,194,304 items, ids below 2^41. */
    private static final int INDEX_BITS = 22;

    /**
     * {@code outcomes} in trajectory-id order, equal ids in list order (a stable sort), by {@link #stableOrder}: each
     * id is read once (the trajectories were just read, so this is cheap); a comparator sort reading each outcome's id
     * through two references was about 9% of {@code plan}'s CPU in the trainer, and 5% more where
     * {@code InMemoryRunner} lists a run's outcomes (docs/performance.md).
     */
    public static List<TrajectoryOutcome> sortedById(List<TrajectoryOutcome> outcomes) {
        int n = outcomes.size();
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = outcomes.get(i).getScored().getTrajectory().getTrajectoryId();
        }
        List<TrajectoryOutcome> sorted = new ArrayList<>(n);
        for (int i : stableOrder(ids)) {
            sorted.add(outcomes.get(i));
        }
        return sorted;
    }

    /**
     * The indexes of {@code ids} in increasing id order, equal ids in index order (a stable sort). Sorts packed
     * {@code id << 22 | index} longs where they fit (ids from 0 to below 2^41, fewer than 2^22 items: always, in
     * practice), else boxed indexes with a comparator.
     */
    public static int[] stableOrder(long[] ids) {
        int n = ids.length;
        boolean packs = n < (1 << INDEX_BITS);
        for (int i = 0; packs && i < n; i++) {
            packs = ids[i] >= 0 && ids[i] < (1L << (63 - INDEX_BITS));
        }
        int[] order = new int[n];
        if (packs) {
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = ids[i] << INDEX_BITS | i;
            }
            Arrays.sort(keys);
            for (int i = 0; i < n; i++) {
                order[i] = (int) (keys[i] & ((1 << INDEX_BITS) - 1));
            }
        } else {
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, Comparator.comparingLong(i -> ids[i]));
            for (int i = 0; i < n; i++) {
                order[i] = boxed[i];
            }
        }
        return order;
    }
}
