package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.TrajectoryOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Trajectory outcomes in trajectory-id order: how the trainer emits a step's, and how a run's are listed. */
public final class OutcomeOrder {
    private OutcomeOrder() {}

    /**
     * {@code outcomes} in trajectory-id order, equal ids in list order (a stable sort). Reads each id once (the
     * trajectories were just read, so this is cheap) and sorts packed {@code id << 21 | i} longs where they fit (ids below 2^42, fewer than 2^21
     * outcomes: always, in practice), which touches no outcome object; a comparator sort reading each outcome's id
     * through two references was about 9% of {@code plan}'s CPU in the trainer, and 5% more where {@code InMemoryRunner} lists a run's outcomes (docs/performance.md).
     */
    public static List<TrajectoryOutcome> sortedById(List<TrajectoryOutcome> outcomes) {
        int n = outcomes.size();
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = outcomes.get(i).getScored().getTrajectory().getTrajectoryId();
        }
        boolean packs = n < (1 << 21);
        for (int i = 0; packs && i < n; i++) {
            packs = ids[i] >= 0 && ids[i] < (1L << 42);
        }
        if (!packs) {
            List<TrajectoryOutcome> sorted = new ArrayList<>(outcomes);
            sorted.sort((a, b) -> Long.compare(a.getScored().getTrajectory().getTrajectoryId(),
                    b.getScored().getTrajectory().getTrajectoryId()));
            return sorted;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ids[i] << 21 | i;
        }
        Arrays.sort(keys);
        List<TrajectoryOutcome> sorted = new ArrayList<>(n);
        for (long key : keys) {
            sorted.add(outcomes.get((int) (key & ((1 << 21) - 1))));
        }
        return sorted;
    }
}
