package io.asyncrl.operators.sim.summary;

import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each step's time went, from the step reports and trajectory outcomes alone (docs/outputs.md,
 * {@code breakdown}). Step k's window runs from the previous step's weights being usable on the rollout
 * ({@code available_us} of step k-1, 0 for the first) to its own: one generate, train, sync cycle.
 *
 * <p>The run's critical path ({@link #criticalPath}) is cut into segments: waiting for a rollout instance, generating,
 * reward, the colocated switch to training, training, and the weight sync or switch back; each window gets the
 * segments that fall in it, so they add up to the window exactly. Per pool it also says how much of the window the
 * rollout instances were generating (an instance counts while any sequence is on it, from the trajectories' start and
 * end) and the training devices training or switching/syncing.
 *
 * <p>Kept as order-independent sets (per-step rows keyed by step, the last-scored trajectory of each step chosen by
 * (scored time, id), the trajectories' busy intervals merged per instance), so the result does not depend on how the
 * metrics records interleave.
 */
public final class StepBreakdown {
    /** The resources a run can be bound by, in the order they are reported. */
    public static final List<String> RESOURCES =
            List.of("rollout decode", "reward/environment", "training", "sync", "staleness admission");

    /** Per step: batch ready, start, end, available. */
    TreeMap<Integer, long[]> steps = new TreeMap<>();
    /** Per step: the consumed trajectory scored last: scored, id, dispatch, start, end. */
    TreeMap<Integer, long[]> lastScored = new TreeMap<>();
    /**
     * Busy intervals (instance, start, end; growable parallel arrays): every generated trajectory's, merged per
     * instance whenever the arrays fill ({@link #mergeIntervals}), so a run of millions of trajectories keeps about
     * one interval per instance and busy period instead of one per trajectory. What the breakdown reads is their
     * union per instance, which merging does not change, in whatever order the outcomes come.
     */
    int[] instance = new int[64];
    long[] startUs = new long[64];
    long[] endUs = new long[64];
    int intervals;

    public StepBreakdown() {}

    public void step(StepReport r) {
        steps.put(r.getStep(), new long[] {r.getBatchReadyUs(), r.getStartUs(), r.getEndUs(), r.getAvailableUs()});
    }

    public void outcome(TrajectoryOutcome o) {
        Trajectory t = o.getScored().getTrajectory();
        if (intervals == instance.length) {
            mergeIntervals();
            // grown only while merging leaves them more than half full, so merges stay a constant factor apart
            if (intervals > instance.length / 2) {
                instance = Arrays.copyOf(instance, instance.length * 2);
                startUs = Arrays.copyOf(startUs, startUs.length * 2);
                endUs = Arrays.copyOf(endUs, endUs.length * 2);
            }
        }
        instance[intervals] = t.getInstance();
        startUs[intervals] = t.getStartUs();
        endUs[intervals] = t.getEndUs();
        intervals++;
        if (o.getStep() < 0) {
            return;
        }
        long scored = o.getScored().getScoredUs();
        long[] last = lastScored.get(o.getStep());
        if (last == null || scored > last[0] || (scored == last[0] && t.getTrajectoryId() > last[1])) {
            lastScored.put(o.getStep(), new long[] {scored, t.getTrajectoryId(), t.getDispatchUs(), t.getStartUs(),
                    t.getEndUs()});
        }
    }

    static final int QUEUED = 0;
    static final int GENERATING = 1;
    static final int REWARD = 2;
    static final int SWITCHING = 3;
    static final int TRAINING = 4;
    static final int SYNC = 5;
    static final List<String> SEGMENTS = List.of("queued", "generating", "reward", "switching", "training", "sync");

    /** A piece of the run's critical path; {@code gated}: rollout time of a trajectory admitted only when new weights arrived. */
    record Segment(long fromUs, long toUs, int kind, boolean gated) {}

    /** One step's window and the critical path's time in it, by segment kind (microseconds). */
    record Window(int step, long fromUs, long toUs, long[] path, long gatedUs) {
        long seconds() {
            return toUs - fromUs;
        }
    }

    /**
     * The run's critical path, walked back from the last step's weights being available to time 0: a step's sync
     * (or switch back) and its training; before training, either the trainer itself (the previous step was still
     * training or switching back when the batch was ready) or the batch's last trajectory to be scored: its reward,
     * generation and wait for an instance, back to its dispatch. A dispatch at the moment new weights arrived was
     * held by the staleness bound: the path goes on through the step that produced those weights. Any other
     * dispatch waited for a free instance, which the path counts as queued back to the latest weights' arrival.
     */
    List<Segment> criticalPath(boolean colocated, boolean admissionCounts) {
        List<Segment> path = new ArrayList<>();
        long[][] st = steps.values().toArray(new long[0][]);
        Integer[] ids = steps.keySet().toArray(new Integer[0]);
        int n = st.length;
        if (n == 0) {
            return path;
        }
        long[] available = new long[n];
        for (int i = 0; i < n; i++) {
            available[i] = st[i][3];
        }
        int k = n - 1;
        long p = available[k];
        while (true) {
            long[] s = st[k];
            p = add(path, s[2], p, SYNC, false);
            p = add(path, s[1], p, TRAINING, false);
            long free = k == 0 ? 0 : colocated ? available[k - 1] : st[k - 1][2];
            if (colocated) {
                p = add(path, Math.max(s[0], free), p, SWITCHING, false);
            }
            if (k > 0 && free >= s[0]) {
                // the batch was ready before the trainer: the path goes on through the previous step
                p = Math.min(p, free);
                k--;
                continue;
            }
            long[] last = lastScored.get(ids[k]);
            long dispatch = last == null ? p : last[2];
            if (last != null) {
                boolean gated = admissionCounts && Arrays.binarySearch(available, 0, k, dispatch) >= 0;
                p = add(path, last[4], p, REWARD, false);
                p = add(path, last[3], p, GENERATING, gated);
                p = add(path, dispatch, p, QUEUED, gated);
            }
            int j = k - 1;
            while (j >= 0 && available[j] > p) {
                j--;
            }
            if (j < 0) {
                add(path, 0, p, QUEUED, false);
                return path;
            }
            p = add(path, available[j], p, QUEUED, false);
            k = j;
        }
    }

    /** Adds [from, to] (from clipped to at most to) and returns the new point of the walk, from. */
    private static long add(List<Segment> path, long from, long to, int kind, boolean gated) {
        long f = Math.min(from, to);
        if (f < to) {
            path.add(new Segment(f, to, kind, gated));
        }
        return f;
    }

    List<Window> windows(boolean colocated, boolean admissionCounts) {
        List<Segment> path = criticalPath(colocated, admissionCounts);
        List<Window> out = new ArrayList<>();
        long from = 0;
        for (Map.Entry<Integer, long[]> e : steps.entrySet()) {
            long to = Math.max(from, e.getValue()[3]);
            long[] kinds = new long[SEGMENTS.size()];
            long gated = 0;
            for (Segment seg : path) {
                long o = overlap(seg.fromUs(), seg.toUs(), from, to);
                kinds[seg.kind()] += o;
                gated += seg.gated() ? o : 0;
            }
            out.add(new Window(e.getKey(), from, to, kinds, gated));
            from = to;
        }
        return out;
    }

    /**
     * The summary's {@code breakdown} object.
     *
     * @param colocated rollout and training share the devices (the gap before training is the switch)
     * @param rolloutInstances instances of the rollout pool
     * @param admissionCounts whether a step whose last trajectory was admitted only when new weights arrived counts
     *     as bound by staleness admission (not in sync mode, where waiting for the weights is the scheme itself)
     */
    public Map<String, Object> json(boolean colocated, int rolloutInstances, boolean admissionCounts) {
        List<Window> windows = windows(colocated, admissionCounts);
        long[] busy = rolloutBusy(windows);
        List<Object> rows = new ArrayList<>();
        long[] totals = new long[RESOURCES.size()];
        long total = 0;
        double rolloutGenerating = 0;
        double trainTraining = 0;
        double trainSwitching = 0;
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", w.step());
            row.put("from_seconds", SimTime.seconds(w.fromUs()));
            row.put("seconds", SimTime.seconds(w.seconds()));
            Map<String, Object> path = new LinkedHashMap<>();
            for (int k = 0; k < SEGMENTS.size(); k++) {
                path.put(SEGMENTS.get(k), SimTime.seconds(w.path()[k]));
            }
            row.put("critical_path", path);
            row.put("admission_gated_seconds", SimTime.seconds(w.gatedUs()));
            double generating = busy[i] / 1e6 / Math.max(1, rolloutInstances);
            Map<String, Object> rollout = new LinkedHashMap<>();
            rollout.put("generating", generating);
            rollout.put("idle", Math.max(0, SimTime.seconds(w.seconds()) - generating));
            row.put("rollout", rollout);
            long[] train = trainPool(w, colocated);
            Map<String, Object> trainRow = new LinkedHashMap<>();
            trainRow.put("training", SimTime.seconds(train[0]));
            trainRow.put("switching_or_sync", SimTime.seconds(train[1]));
            trainRow.put("waiting", SimTime.seconds(w.seconds() - train[0] - train[1]));
            row.put("train", trainRow);
            rows.add(row);
            long[] k = w.path();
            totals[0] += k[QUEUED] + k[GENERATING] - w.gatedUs();
            totals[4] += w.gatedUs();
            totals[1] += k[REWARD];
            totals[2] += k[TRAINING];
            totals[3] += k[SWITCHING] + k[SYNC];
            total += w.seconds();
            rolloutGenerating += generating;
            trainTraining += train[0];
            trainSwitching += train[1];
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seconds", SimTime.seconds(total));
        Map<String, Object> shares = new LinkedHashMap<>();
        int bound = 0;
        for (int r = 0; r < RESOURCES.size(); r++) {
            shares.put(RESOURCES.get(r), total == 0 ? 0.0 : (double) totals[r] / total);
            if (totals[r] > totals[bound]) {
                bound = r;
            }
        }
        out.put("critical_path_share", shares);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("resource", RESOURCES.get(bound));
        b.put("share", total == 0 ? 0.0 : (double) totals[bound] / total);
        b.put("seconds_per_step", windows.isEmpty() ? 0.0 : SimTime.seconds(totals[bound]) / windows.size());
        out.put("bottleneck", b);
        Map<String, Object> pools = new LinkedHashMap<>();
        double seconds = SimTime.seconds(total);
        pools.put("rollout_generating", seconds == 0 ? 0.0 : rolloutGenerating / seconds);
        pools.put("train_training", seconds == 0 ? 0.0 : trainTraining / 1e6 / seconds);
        pools.put("train_switching_or_sync", seconds == 0 ? 0.0 : trainSwitching / 1e6 / seconds);
        out.put("pool_share", pools);
        out.put("steps", rows);
        return out;
    }

    /** The training devices' time in {@code w}: [training, switching or syncing while not training]. */
    private long[] trainPool(Window w, boolean colocated) {
        long training = 0;
        long other = 0;
        long prevAvailable = 0;
        for (long[] s : steps.values()) {
            training += overlap(s[1], s[2], w.fromUs(), w.toUs());
            if (colocated) {
                other += overlap(Math.min(Math.max(s[0], prevAvailable), s[1]), s[1], w.fromUs(), w.toUs());
            }
            other += overlap(s[2], s[3], w.fromUs(), w.toUs());
            prevAvailable = s[3];
        }
        // a disaggregated trainer may start the next step during a sync: that time counts once, as training
        return new long[] {training, Math.max(0, Math.min(other, w.seconds() - training))};
    }

    /**
     * Replaces the intervals with their union per instance: disjoint intervals, ordered by instance and start
     * (overlapping or touching ones merged).
     */
    void mergeIntervals() {
        int[] order = BusyOrder.of(instance, startUs, endUs, intervals);
        int[] mergedInstance = new int[instance.length];
        long[] mergedStart = new long[startUs.length];
        long[] mergedEnd = new long[endUs.length];
        int n = 0;
        int i = 0;
        while (i < intervals) {
            int inst = instance[order[i]];
            long lo = startUs[order[i]];
            long hi = endUs[order[i]];
            i++;
            while (i < intervals && instance[order[i]] == inst) {
                int k = order[i];
                if (startUs[k] <= hi) {
                    hi = Math.max(hi, endUs[k]);
                } else {
                    mergedInstance[n] = inst;
                    mergedStart[n] = lo;
                    mergedEnd[n++] = hi;
                    lo = startUs[k];
                    hi = endUs[k];
                }
                i++;
            }
            mergedInstance[n] = inst;
            mergedStart[n] = lo;
            mergedEnd[n++] = hi;
        }
        instance = mergedInstance;
        startUs = mergedStart;
        endUs = mergedEnd;
        intervals = n;
    }

    /**
     * Per window, instance-microseconds with at least one sequence on the instance (from the union per instance, which
     * it merges the kept intervals into first).
     */
    private long[] rolloutBusy(List<Window> windows) {
        long[] busy = new long[windows.size()];
        mergeIntervals();
        for (int i = 0; i < intervals; i++) {
            spread(busy, windows, startUs[i], endUs[i]);
        }
        return busy;
    }

    private static void spread(long[] busy, List<Window> windows, long lo, long hi) {
        // the first window that ends after lo, then on while windows start before hi
        int a = 0;
        int b = windows.size();
        while (a < b) {
            int mid = (a + b) >>> 1;
            if (windows.get(mid).toUs() <= lo) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        for (int w = a; w < windows.size() && windows.get(w).fromUs() < hi; w++) {
            busy[w] += overlap(lo, hi, windows.get(w).fromUs(), windows.get(w).toUs());
        }
    }

    private static long overlap(long a, long b, long from, long to) {
        return Math.max(0, Math.min(b, to) - Math.max(a, from));
    }
}
