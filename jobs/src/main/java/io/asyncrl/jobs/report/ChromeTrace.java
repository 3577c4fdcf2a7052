package io.asyncrl.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulated device activity of one run in the Trace Event Format (Perfetto and chrome://tracing
 * open it); timestamps are simulated microseconds. Process 1 holds one lane per rollout instance
 * (the spans during which it generates: its sequences' prefill-start to end, merged, so complete
 * events nest), process 2 the trainer (one event per step), process 3 the weight sync or switch
 * back (a step's end to its version's availability).
 */
public final class ChromeTrace {
    public static final String FILE = "trace.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChromeTrace() {}

    public static ObjectNode of(RunResult run) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode events = root.putArray("traceEvents");
        meta(events, 1, "rollout instances");
        meta(events, 2, "trainer");
        meta(events, 3, "weight sync");
        Map<Integer, List<long[]>> byInstance = new TreeMap<>();
        Map<Integer, int[]> counts = new TreeMap<>();
        for (TrajectoryOutcome o : run.trajectories()) {
            Trajectory t = o.getScored().getTrajectory();
            byInstance.computeIfAbsent(t.getInstance(), k -> new ArrayList<>()).add(new long[] {t.getStartUs(), t.getEndUs()});
            counts.computeIfAbsent(t.getInstance(), k -> new int[1])[0]++;
        }
        for (var e : byInstance.entrySet()) {
            ObjectNode thread = events.addObject();
            thread.put("name", "thread_name").put("ph", "M").put("pid", 1).put("tid", e.getKey());
            thread.putObject("args").put("name", "instance " + e.getKey());
            for (long[] iv : RunTimeline.merge(e.getValue())) {
                complete(events, "generate", 1, e.getKey(), iv[0], iv[1] - iv[0]);
            }
        }
        for (StepReport s : run.steps()) {
            ObjectNode step = complete(events, "train step " + s.getStep(), 2, 0, s.getStartUs(), s.getEndUs() - s.getStartUs());
            step.putObject("args").put("trajectories", s.getTrajectories()).put("tokens", s.getTokens())
                    .put("dropped", s.getDropped()).put("mean_staleness", s.getMeanStaleness());
            if (s.getAvailableUs() > s.getEndUs()) {
                complete(events, "sync v" + (s.getStep() + 1), 3, 0, s.getEndUs(), s.getAvailableUs() - s.getEndUs());
            }
        }
        root.put("displayTimeUnit", "ms");
        return root;
    }

    public static void write(Path file, RunResult run) throws IOException {
        JSON.writeValue(file.toFile(), of(run));
    }

    private static void meta(ArrayNode events, int pid, String name) {
        ObjectNode m = events.addObject();
        m.put("name", "process_name").put("ph", "M").put("pid", pid).put("tid", 0);
        m.putObject("args").put("name", name);
    }

    private static ObjectNode complete(ArrayNode events, String name, int pid, int tid, long ts, long dur) {
        ObjectNode e = events.addObject();
        e.put("name", name).put("ph", "X").put("ts", ts).put("dur", Math.max(0, dur)).put("pid", pid).put("tid", tid);
        return e;
    }
}
