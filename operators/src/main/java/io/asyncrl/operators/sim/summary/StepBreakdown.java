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
 * <p>The window is cut into consecutive segments of its critical path, walking back from the end: the sync or
 * switch back ({@code end_us} to {@code available_us}), training ({@code start_us} to {@code end_us}), the switch
 * to training (colocated: from the batch being ready to {@code start_us}), and before that the trainer waiting for
 * its batch, which is split along the batch's last trajectory to be scored: waiting for a rollout slot (before it
 * started), generating, and reward. The segments add up to the window exactly. Per pool it also says how much of
 * the window the rollout instances were generating (an instance counts while any sequence is on it, from the
 * trajectories' start and end) and the training devices training or switching/syncing.
 *
 * <p>Kept as order-independent sets (per-step rows keyed by step, the last-scored trajectory of each step chosen by
 * (scored time, id), the trajectories' busy intervals sorted at the end), so the result does not depend on how the
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
    /** Every generated trajectory's instance, start and end (growable parallel arrays). */
    int[] instance = new int[64];
    long[] startUs = new long[64];
    long[] endUs = new long[64];
    int trajectories;

    public StepBreakdown() {}

    public void step(StepReport r) {
        steps.put(r.getStep(), new long[] {r.getBatchReadyUs(), r.getStartUs(), r.getEndUs(), r.getAvailableUs()});
    }

    public void outcome(TrajectoryOutcome o) {
        Trajectory t = o.getScored().getTrajectory();
        if (trajectories == instance.length) {
            instance = Arrays.copyOf(instance, trajectories * 2);
            startUs = Arrays.copyOf(startUs, trajectories * 2);
            endUs = Arrays.copyOf(endUs, trajectories * 2);
        }
        instance[trajectories] = t.getInstance();
        startUs[trajectories] = t.getStartUs();
        endUs[trajectories] = t.getEndUs();
        trajectories++;
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

    /** One step's window and its critical-path segments in microseconds. */
    record Window(int step, long fromUs, long toUs, long queued, long generating, long reward, long switching,
            long training, long sync, boolean admissionGated) {
        long seconds() {
            return toUs - fromUs;
        }
    }

    List<Window> windows(boolean colocated, boolean admissionCounts) {
        List<Window> out = new ArrayList<>();
        long[] versionTimes = steps.values().stream().mapToLong(s -> s[3]).toArray();
        long from = 0;
        for (Map.Entry<Integer, long[]> e : steps.entrySet()) {
            long[] s = e.getValue();
            long ready = s[0];
            long start = s[1];
            long end = s[2];
            long to = Math.max(from, s[3]);
            // consecutive points of the critical path, each clipped to the window: they stay in order
            long pre = clip(Math.min(start, Math.max(ready, from)), from, to);
            long st = clip(start, from, to);
            long en = clip(end, from, to);
            long queued = 0;
            long generating = 0;
            long reward = 0;
            boolean gated = false;
            long[] last = lastScored.get(e.getKey());
            if (last != null) {
                long started = clip(last[3], from, pre);
                long ended = clip(last[4], from, pre);
                queued = started - from;
                generating = ended - started;
                reward = pre - ended;
                gated = admissionCounts && Arrays.binarySearch(versionTimes, last[2]) >= 0;
            } else {
                queued = pre - from;
            }
            long beforeTraining = st - pre;
            long switching = colocated ? beforeTraining : 0;
            queued += colocated ? 0 : beforeTraining;
            out.add(new Window(e.getKey(), from, to, queued, generating, reward, switching, en - st, to - en, gated));
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
            path.put("queued", SimTime.seconds(w.queued()));
            path.put("generating", SimTime.seconds(w.generating()));
            path.put("reward", SimTime.seconds(w.reward()));
            path.put("switching", SimTime.seconds(w.switching()));
            path.put("training", SimTime.seconds(w.training()));
            path.put("sync", SimTime.seconds(w.sync()));
            row.put("critical_path", path);
            row.put("admission_gated", w.admissionGated());
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
            long rolloutPath = w.queued() + w.generating();
            totals[w.admissionGated() ? 4 : 0] += rolloutPath;
            totals[1] += w.reward();
            totals[2] += w.training();
            totals[3] += w.switching() + w.sync();
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

    /** Per window, instance-microseconds with at least one sequence on the instance. */
    private long[] rolloutBusy(List<Window> windows) {
        long[] busy = new long[windows.size()];
        Integer[] order = new Integer[trajectories];
        for (int i = 0; i < trajectories; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> instance[a] != instance[b] ? Integer.compare(instance[a], instance[b])
                : startUs[a] != startUs[b] ? Long.compare(startUs[a], startUs[b]) : Long.compare(endUs[a], endUs[b]));
        int i = 0;
        while (i < trajectories) {
            int inst = instance[order[i]];
            long lo = startUs[order[i]];
            long hi = endUs[order[i]];
            i++;
            while (i < trajectories && instance[order[i]] == inst) {
                int k = order[i];
                if (startUs[k] <= hi) {
                    hi = Math.max(hi, endUs[k]);
                } else {
                    spread(busy, windows, lo, hi);
                    lo = startUs[k];
                    hi = endUs[k];
                }
                i++;
            }
            spread(busy, windows, lo, hi);
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

    private static long clip(long t, long from, long to) {
        return Math.min(Math.max(t, from), to);
    }
}
