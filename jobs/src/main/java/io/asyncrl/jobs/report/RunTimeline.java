package io.asyncrl.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The chart data of one run, derived from its step reports and trajectory outcomes (docs/report.md
 * says how each series is derived): throughput over simulated time, busy fraction per device group
 * over time, sample- and token-weighted staleness histograms, and the depth of the queues between
 * stages over time. Time is binned into {@link #BINS} equal bins, so the data stays small for any run.
 */
public final class RunTimeline {
    static final int BINS = 120;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RunTimeline() {}

    public static ObjectNode of(String label, ExperimentSpec spec, RunResult run) {
        ObjectNode out = JSON.objectNode();
        out.put("label", label);
        out.put("experiment_id", run.experimentId());
        out.put("name", spec.getName());
        List<StepReport> steps = run.steps();
        List<TrajectoryOutcome> outcomes = run.trajectories();
        long endUs = 1;
        for (StepReport s : steps) {
            endUs = Math.max(endUs, Math.max(s.getEndUs(), s.getAvailableUs()));
        }
        for (TrajectoryOutcome o : outcomes) {
            endUs = Math.max(endUs, o.getScored().getScoredUs());
        }
        out.put("simulated_seconds", endUs / 1e6);
        JsonNode summary = summary(run.summaryJson());
        out.set("headline", headline(spec, summary));
        out.set("breakdown", summary.path("breakdown").path("steps").deepCopy());
        out.set("throughput", throughput(steps));
        out.set("utilization", utilization(spec, steps, outcomes, endUs));
        out.set("staleness", staleness(outcomes));
        out.set("queues", queues(steps, outcomes, endUs));
        var env = EnvironmentPoolFigures.of(run.summaryJson());
        if (env != null) {
            out.set("environment", env);
        }
        return out;
    }

    private static JsonNode summary(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The figures a reader looks at first, from the run's summary. */
    private static ObjectNode headline(ExperimentSpec spec, JsonNode summary) {
        ObjectNode h = JSON.objectNode();
        var cluster = spec.getCluster();
        h.put("mode", summary.path("mode").asText());
        h.put("placement", cluster.getPlacement().name().toLowerCase(java.util.Locale.ROOT));
        h.put("rollout_devices", cluster.getRollout().getDevices());
        h.put("train_devices", cluster.getTrain().getDevices());
        h.put("steps", summary.path("steps").asInt());
        h.put("simulated_seconds", summary.path("simulated_seconds").asDouble());
        h.put("trained_tokens_per_second", summary.path("trained_tokens_per_second").asDouble());
        h.put("samples_per_second", summary.path("samples_per_second").asDouble());
        h.put("step_seconds", summary.path("step_seconds").path("mean").asDouble());
        h.put("staleness_mean", summary.path("staleness").path("mean").asDouble());
        h.put("staleness_max", summary.path("staleness").path("max").asInt());
        h.put("utilization_rollout", summary.path("utilization").path("rollout").asDouble());
        h.put("utilization_train", summary.path("utilization").path("train").asDouble());
        JsonNode b = summary.path("breakdown").path("bottleneck");
        h.put("bottleneck", b.path("resource").asText());
        h.put("bottleneck_share", b.path("share").asDouble());
        return h;
    }

    /** [simulated s, trained tokens/s of this step, cumulative trained tokens/s, step] per step. */
    private static ArrayNode throughput(List<StepReport> steps) {
        ArrayNode rows = JSON.arrayNode();
        long prevEnd = 0;
        long tokens = 0;
        for (StepReport s : steps) {
            tokens += s.getTokens();
            double dt = (s.getEndUs() - prevEnd) / 1e6;
            rows.add(JSON.arrayNode().add(round(s.getEndUs() / 1e6))
                    .add(round(dt > 0 ? s.getTokens() / dt : 0))
                    .add(round(s.getEndUs() > 0 ? tokens / (s.getEndUs() / 1e6) : 0)).add(s.getStep()));
            prevEnd = s.getEndUs();
        }
        return rows;
    }

    /**
     * Per bin: the rollout pool's batch slots and KV cache in use ({@link RolloutOccupancy}), the training devices'
     * busy fraction (steps' start to end) and the weight syncs' (end to available).
     */
    private static ObjectNode utilization(ExperimentSpec spec, List<StepReport> steps, List<TrajectoryOutcome> outcomes,
            long endUs) {
        double bin = (double) endUs / BINS;
        RolloutOccupancy occupancy = RolloutOccupancy.of(spec, outcomes, BINS, bin);
        double[] train = new double[BINS];
        double[] sync = new double[BINS];
        for (StepReport s : steps) {
            addOverlap(train, bin, s.getStartUs(), s.getEndUs());
            addOverlap(sync, bin, s.getEndUs(), s.getAvailableUs());
        }
        ObjectNode u = JSON.objectNode();
        u.set("t", times(bin));
        u.set("batch", series(occupancy.batch(), 1));
        u.set("kv", series(occupancy.kv(), 1));
        u.set("train", series(train, bin));
        u.set("sync", series(sync, bin));
        return u;
    }

    private static ObjectNode staleness(List<TrajectoryOutcome> outcomes) {
        TreeMap<Integer, Long> samples = new TreeMap<>();
        TreeMap<Integer, Long> tokens = new TreeMap<>();
        for (TrajectoryOutcome o : outcomes) {
            if (!o.getTrained()) {
                continue;
            }
            samples.merge(o.getStaleness(), 1L, Long::sum);
            for (VersionSpan span : o.getScored().getTrajectory().getSpans()) {
                tokens.merge(o.getStep() - span.getVersion(), (long) span.getTokens(), Long::sum);
            }
        }
        ObjectNode s = JSON.objectNode();
        s.set("sample", histogram(samples));
        s.set("token", histogram(tokens));
        return s;
    }

    private static ObjectNode histogram(TreeMap<Integer, Long> counts) {
        ObjectNode h = JSON.objectNode();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        counts.forEach((k, v) -> h.put(String.valueOf(k), total == 0 ? 0 : round((double) v / total)));
        return h;
    }

    /**
     * Sequences in each queue at each bin's centre: waiting at an instance (dispatched, not started),
     * generating, awaiting reward (generated, not scored), awaiting the trainer (scored, its step not
     * started; a dropped one leaves when the step that dropped it starts).
     */
    private static ObjectNode queues(List<StepReport> steps, List<TrajectoryOutcome> outcomes, long endUs) {
        double bin = (double) endUs / BINS;
        StageTimes st = StageTimes.of(steps, outcomes);
        long[] dispatch = st.dispatch();
        long[] start = st.start();
        long[] end = st.end();
        long[] scored = st.scored();
        long[] consumed = st.consumed();
        ObjectNode q = JSON.objectNode();
        q.set("t", times(bin));
        q.set("queued_at_rollout", depth(dispatch, start, bin));
        q.set("generating", depth(start, end, bin));
        q.set("awaiting_reward", depth(end, scored, bin));
        q.set("awaiting_trainer", depth(scored, consumed, bin));
        return q;
    }

    private static ArrayNode depth(long[] in, long[] out, double bin) {
        ArrayNode a = JSON.arrayNode();
        for (int b = 0; b < BINS; b++) {
            long t = (long) ((b + 0.5) * bin);
            a.add(StageTimes.between(in, out, t));
        }
        return a;
    }

    static List<long[]> merge(List<long[]> intervals) {
        intervals.sort((x, y) -> Long.compare(x[0], y[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] iv : intervals) {
            if (!merged.isEmpty() && iv[0] <= merged.get(merged.size() - 1)[1]) {
                long[] last = merged.get(merged.size() - 1);
                last[1] = Math.max(last[1], iv[1]);
            } else {
                merged.add(new long[] {iv[0], iv[1]});
            }
        }
        return merged;
    }

    private static void addOverlap(double[] bins, double bin, long from, long to) {
        if (to <= from) {
            return;
        }
        int first = (int) Math.max(0, Math.floor(from / bin));
        int last = (int) Math.min(bins.length - 1, Math.floor((to - 1) / bin));
        for (int b = first; b <= last; b++) {
            double lo = Math.max(from, b * bin);
            double hi = Math.min(to, (b + 1) * bin);
            if (hi > lo) {
                bins[b] += hi - lo;
            }
        }
    }

    private static ArrayNode times(double bin) {
        ArrayNode a = JSON.arrayNode();
        for (int b = 0; b < BINS; b++) {
            a.add(round((b + 0.5) * bin / 1e6));
        }
        return a;
    }

    private static ArrayNode series(double[] busy, double capacity) {
        ArrayNode a = JSON.arrayNode();
        for (double v : busy) {
            a.add(round(Math.min(1.0, v / capacity)));
        }
        return a;
    }

    static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
