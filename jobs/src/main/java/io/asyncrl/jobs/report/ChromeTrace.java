package io.asyncrl.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulated device activity of one run in the Trace Event Format (Perfetto and chrome://tracing
 * open it); timestamps are simulated microseconds. Process 1 holds one thread per rollout instance
 * (the spans during which it generates: its sequences' prefill-start to end, merged), process 2 the
 * trainer (one event per step), process 3 the weight sync or switch back (a step's end to its version's
 * availability), process 4 counter tracks of the queues between stages. Slices that overlap in time go on
 * separate threads ({@link TraceLanes}), so no two complete events on one thread overlap.
 */
public final class ChromeTrace {
    public static final String FILE = "trace.json";
    /** Counter samples per track: bounded so the trace of a 200k-trajectory run stays small. */
    static final int COUNTER_SAMPLES = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChromeTrace() {}

    public static ObjectNode of(ExperimentSpec spec, RunResult run) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode events = root.putArray("traceEvents");
        meta(events, 1, "rollout instances");
        meta(events, 2, "trainer");
        meta(events, 3, "weight sync");
        meta(events, 4, "queues");
        Map<Integer, List<long[]>> byInstance = new TreeMap<>();
        for (TrajectoryOutcome o : run.trajectories()) {
            Trajectory t = o.getScored().getTrajectory();
            byInstance.computeIfAbsent(t.getInstance(), k -> new ArrayList<>()).add(new long[] {t.getStartUs(), t.getEndUs()});
        }
        for (var e : byInstance.entrySet()) {
            thread(events, 1, e.getKey(), "instance " + e.getKey());
            for (long[] iv : RunTimeline.merge(e.getValue())) {
                complete(events, "generate", 1, e.getKey(), iv[0], iv[1] - iv[0]);
            }
        }
        steps(events, run.steps());
        counters(events, run);
        occupancy(events, spec, run);
        root.put("displayTimeUnit", "ms");
        return root;
    }

    private static void steps(ArrayNode events, List<StepReport> steps) {
        List<TraceLanes.Slice> train = new ArrayList<>();
        List<TraceLanes.Slice> sync = new ArrayList<>();
        List<StepReport> syncing = new ArrayList<>();
        for (StepReport s : steps) {
            train.add(new TraceLanes.Slice(train.size(), s.getStartUs(), s.getEndUs()));
            if (s.getAvailableUs() > s.getEndUs()) {
                sync.add(new TraceLanes.Slice(sync.size(), s.getEndUs(), s.getAvailableUs()));
                syncing.add(s);
            }
        }
        int[] trainLanes = TraceLanes.assign(train);
        int[] syncLanes = TraceLanes.assign(sync);
        threads(events, 2, trainLanes, "steps");
        threads(events, 3, syncLanes, "sync");
        for (int i = 0; i < steps.size(); i++) {
            StepReport s = steps.get(i);
            ObjectNode step = complete(events, "train step " + s.getStep(), 2, trainLanes[i], s.getStartUs(),
                    s.getEndUs() - s.getStartUs());
            step.putObject("args").put("trajectories", s.getTrajectories()).put("tokens", s.getTokens())
                    .put("dropped", s.getDropped()).put("mean_staleness", s.getMeanStaleness());
        }
        for (int i = 0; i < syncing.size(); i++) {
            StepReport s = syncing.get(i);
            complete(events, "sync v" + (s.getStep() + 1), 3, syncLanes[i], s.getEndUs(), s.getAvailableUs() - s.getEndUs());
        }
    }

    /**
     * Counter tracks sampled at {@link #COUNTER_SAMPLES} evenly spaced simulated times (and 0): sequences queued
     * at an instance (dispatched, not started), generating, awaiting reward (generated, not scored), awaiting the
     * trainer (scored, their step not started) and in flight (dispatched, not generated). The run's records give
     * no KV-cache occupancy over time: {@link #occupancy} estimates it.
     */
    private static void counters(ArrayNode events, RunResult run) {
        StageTimes st = StageTimes.of(run.steps(), run.trajectories());
        long endUs = st.lastScoredUs();
        for (StepReport s : run.steps()) {
            endUs = Math.max(endUs, s.getAvailableUs());
        }
        long[] dispatch = st.dispatch();
        long[] start = st.start();
        long[] end = st.end();
        long[] scored = st.scored();
        long[] consumed = st.consumed();
        Map<String, long[][]> tracks = new LinkedHashMap<>();
        tracks.put("queued at rollout", new long[][] {dispatch, start});
        tracks.put("generating", new long[][] {start, end});
        tracks.put("in flight", new long[][] {dispatch, end});
        tracks.put("awaiting reward", new long[][] {end, scored});
        tracks.put("awaiting trainer", new long[][] {scored, consumed});
        int samples = endUs == 0 ? 1 : COUNTER_SAMPLES;
        for (int k = 0; k <= samples; k++) {
            long t = endUs * k / samples;
            for (var track : tracks.entrySet()) {
                ObjectNode c = events.addObject();
                c.put("name", track.getKey()).put("ph", "C").put("ts", t).put("pid", 4).put("tid", 0);
                c.putObject("args").put("sequences", StageTimes.between(track.getValue()[0], track.getValue()[1], t));
            }
        }
    }

    /**
     * Counter tracks of the rollout pool's capacity in use, as fractions over {@link #COUNTER_SAMPLES} bins of the
     * run: its batch slots and its KV cache ({@link RolloutOccupancy}: a sequence's cache grows linearly from its
     * prompt to prompt + response while it generates; preemptions are not seen in the outputs). Each sample is the
     * mean over the bin that starts at its time.
     */
    private static void occupancy(ArrayNode events, ExperimentSpec spec, RunResult run) {
        long endUs = 0;
        for (TrajectoryOutcome o : run.trajectories()) {
            endUs = Math.max(endUs, o.getScored().getTrajectory().getEndUs());
        }
        if (endUs == 0) {
            return;
        }
        double binUs = (double) endUs / COUNTER_SAMPLES;
        RolloutOccupancy occ = RolloutOccupancy.of(spec, run.trajectories(), COUNTER_SAMPLES, binUs);
        for (int b = 0; b < COUNTER_SAMPLES; b++) {
            long t = Math.round(b * binUs);
            ObjectNode kv = events.addObject();
            kv.put("name", "KV cache in use").put("ph", "C").put("ts", t).put("pid", 1).put("tid", 0);
            kv.putObject("args").put("fraction", occ.kv()[b]);
            ObjectNode batch = events.addObject();
            batch.put("name", "batch slots in use").put("ph", "C").put("ts", t).put("pid", 1).put("tid", 0);
            batch.putObject("args").put("fraction", occ.batch()[b]);
        }
    }

    public static void write(Path file, ExperimentSpec spec, RunResult run) throws IOException {
        JSON.writeValue(file.toFile(), of(spec, run));
    }

    private static void meta(ArrayNode events, int pid, String name) {
        ObjectNode m = events.addObject();
        m.put("name", "process_name").put("ph", "M").put("pid", pid).put("tid", 0);
        m.putObject("args").put("name", name);
    }

    private static void thread(ArrayNode events, int pid, int tid, String name) {
        ObjectNode thread = events.addObject();
        thread.put("name", "thread_name").put("ph", "M").put("pid", pid).put("tid", tid);
        thread.putObject("args").put("name", name);
    }

    private static void threads(ArrayNode events, int pid, int[] lanes, String name) {
        int count = Arrays.stream(lanes).max().orElse(-1) + 1;
        for (int lane = 0; lane < count; lane++) {
            thread(events, pid, lane, count == 1 ? name : name + " " + (lane + 1));
        }
    }

    private static ObjectNode complete(ArrayNode events, String name, int pid, int tid, long ts, long dur) {
        ObjectNode e = events.addObject();
        e.put("name", name).put("ph", "X").put("ts", ts).put("dur", Math.max(0, dur)).put("pid", pid).put("tid", tid);
        return e;
    }
}
