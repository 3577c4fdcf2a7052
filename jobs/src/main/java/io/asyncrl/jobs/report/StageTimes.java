package io.asyncrl.jobs.report;

import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each trajectory of a run passed each stage, as sorted arrays of simulated microseconds: dispatched,
 * started generating, finished generating, scored, consumed by the trainer (its step's start). The number of
 * sequences between two stages at time t is {@code count(from, t) - count(to, t)}: the queue depths of the report
 * and the trace's counter tracks.
 */
record StageTimes(long[] dispatch, long[] start, long[] end, long[] scored, long[] consumed, long lastScoredUs) {

    static StageTimes of(List<StepReport> steps, List<TrajectoryOutcome> outcomes) {
        Map<Integer, Long> stepStart = new HashMap<>();
        for (StepReport s : steps) {
            stepStart.put(s.getStep(), s.getStartUs());
        }
        int n = outcomes.size();
        long[] dispatch = new long[n];
        long[] start = new long[n];
        long[] end = new long[n];
        long[] scored = new long[n];
        long[] consumed = new long[n];
        long lastScored = 0;
        for (int i = 0; i < n; i++) {
            TrajectoryOutcome o = outcomes.get(i);
            Trajectory t = o.getScored().getTrajectory();
            dispatch[i] = t.getDispatchUs();
            start[i] = t.getStartUs();
            end[i] = t.getEndUs();
            scored[i] = o.getScored().getScoredUs();
            consumed[i] = stepStart.getOrDefault(o.getStep(), Long.MAX_VALUE);
            lastScored = Math.max(lastScored, scored[i]);
        }
        for (long[] a : List.of(dispatch, start, end, scored, consumed)) {
            Arrays.sort(a);
        }
        return new StageTimes(dispatch, start, end, scored, consumed, lastScored);
    }

    /** Sequences that have passed {@code from} but not {@code to} at {@code t}. */
    static int between(long[] from, long[] to, long t) {
        return upTo(from, t) - upTo(to, t);
    }

    /** Number of elements of sorted {@code a} that are <= t. */
    private static int upTo(long[] a, long t) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
