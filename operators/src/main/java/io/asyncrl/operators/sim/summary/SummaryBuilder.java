package io.asyncrl.operators.sim.summary;

import io.asyncrl.operators.sim.core.ExperimentSpecHolder;
import io.asyncrl.operators.sim.core.Shard;
import io.asyncrl.operators.sim.core.SimTime;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.Placement;
import io.asyncrl.schemas.StageReport;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds one experiment's metrics records into its summary. Only order-independent aggregates are
 * kept (integer sums, maxima, per-step rows sorted by step), so the result does not depend on how
 * the stages' records interleave on the metrics topic.
 */
public final class SummaryBuilder {
    public static final List<String> STAGES = List.of("rollout", "reward", "trainer", "evaluation");

    ExperimentSpecHolder spec;
    ArrayList<long[]> steps = new ArrayList<>();
    long trainedTrajectories;
    long trainedTokens;
    long stalenessSum;
    long stalenessMax;
    long tokenStalenessWeighted;
    long tokenStalenessTokens;
    TreeMap<Integer, Long> histogram = new TreeMap<>();
    HashMap<String, StageTotals> stages = new HashMap<>();
    StepBreakdown breakdown = new StepBreakdown();
    /** By response-length decile; kept for every run, written only when the spec sets a policy. */
    LengthBiasAudit audit = new LengthBiasAudit();

    public SummaryBuilder() {}

    public void spec(ExperimentSpec s) {
        this.spec = new ExperimentSpecHolder(s);
    }

    public boolean hasSpec() {
        return spec != null;
    }

    public void step(StepReport r) {
        steps.add(new long[] {r.getStep(), r.getEndUs(), r.getTokens()});
        breakdown.step(r);
    }

    public void outcome(TrajectoryOutcome o) {
        outcome(o, 0L);
    }

    /** An outcome recorded at simulated time {@code timeUs} (when it was decided). */
    public void outcome(TrajectoryOutcome o, long timeUs) {
        audit.add(o, timeUs);
        breakdown.outcome(o);
        if (!o.getTrained()) {
            return;
        }
        Trajectory t = o.getScored().getTrajectory();
        int k = o.getStep();
        trainedTrajectories++;
        trainedTokens += (long) t.getPromptTokens() + t.getResponseTokens();
        stalenessSum += o.getStaleness();
        stalenessMax = Math.max(stalenessMax, o.getStaleness());
        histogram.merge(o.getStaleness(), 1L, Long::sum);
        for (VersionSpan span : t.getSpans()) {
            tokenStalenessWeighted += (long) span.getTokens() * (k - span.getVersion());
            tokenStalenessTokens += span.getTokens();
        }
    }

    public void stage(StageReport r) {
        stages.put(r.getStage(), new StageTotals(r));
    }

    /** A stage's report sent by {@code producer}: one shard's part when the stage was split ({@link ShardReports}). */
    public void stage(StageReport r, String producer) {
        Shard shard = Shard.parse(producer);
        if (shard == null) {
            stage(r);
        } else {
            ShardReports.add(stages, shard, new StageTotals(r));
        }
    }

    public boolean complete() {
        return spec != null && stages.keySet().containsAll(STAGES);
    }

    public String json() {
        ExperimentSpec s = spec.get();
        steps.sort((a, b) -> Long.compare(a[0], b[0]));
        StageTotals rollout = stages.get("rollout");
        StageTotals trainer = stages.get("trainer");
        StageTotals evaluation = stages.get("evaluation");
        double simSeconds = SimTime.seconds(trainer.endUs);
        long stepTokens = 0;
        double[] durations = new double[steps.size()];
        long prevEnd = 0;
        for (int i = 0; i < steps.size(); i++) {
            stepTokens += steps.get(i)[2];
            durations[i] = SimTime.seconds(steps.get(i)[1] - prevEnd);
            prevEnd = steps.get(i)[1];
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiment", s.getName());
        out.put("experiment_id", s.getId());
        out.put("mode", s.getAsync().getMode().name().toLowerCase().replace('_', '-'));
        out.put("max_staleness", s.getAsync().getMaxStaleness());
        out.put("partial_rollout", s.getAsync().getPartialRollout());
        out.put("streaming", s.getAsync().getStreaming());
        out.put("seed", s.getSeed());
        out.put("version", AsyncrlVersion.get());
        out.put("spec", ResolvedSpec.of(s));
        out.put("steps", steps.size());
        out.put("simulated_seconds", simSeconds);
        out.put("trained_tokens_per_second", simSeconds > 0 ? stepTokens / simSeconds : 0.0);
        out.put("samples_per_second", simSeconds > 0 ? trainedTrajectories / simSeconds : 0.0);
        out.put("step_seconds", stats(durations));
        Map<String, Object> util = new LinkedHashMap<>();
        util.put("rollout", utilization(rollout));
        util.put("train", utilization(trainer));
        out.put("utilization", util);
        Map<String, Object> staleness = new LinkedHashMap<>();
        staleness.put("max", stalenessMax);
        staleness.put("mean", trainedTrajectories == 0 ? 0.0 : (double) stalenessSum / trainedTrajectories);
        staleness.put("token_weighted_mean",
                tokenStalenessTokens == 0 ? 0.0 : (double) tokenStalenessWeighted / tokenStalenessTokens);
        Map<String, Object> hist = new LinkedHashMap<>();
        histogram.forEach((k, v) -> hist.put(String.valueOf(k), v));
        staleness.put("histogram", hist);
        out.put("staleness", staleness);
        Map<String, Object> traj = new LinkedHashMap<>();
        traj.put("dispatched", rollout.counter("dispatched"));
        traj.put("generated", rollout.counter("generated"));
        traj.put("trained", trainer.counter("trained"));
        traj.put("dropped", trainer.counter("dropped"));
        traj.put("pending", trainer.counter("pending") + stages.get("reward").counter("unscored"));
        traj.put("in_flight", rollout.counter("in_flight"));
        traj.put("interrupted", rollout.counter("interrupted"));
        traj.put("preemptions", rollout.counter("preemptions"));
        out.put("trajectories", traj);
        AgenticSummary.add(out, traj, rollout, trainer);
        Map<String, Object> eval = new LinkedHashMap<>();
        eval.put("runs", evaluation.counter("runs"));
        eval.put("device_seconds", evaluation.deviceSeconds);
        out.put("evaluation", eval);
        var cluster = s.getCluster();
        out.put("breakdown", breakdown.json(cluster.getPlacement() == Placement.COLOCATED,
                cluster.getRollout().getDevices() / Math.max(1, cluster.getRollout().getTp()),
                s.getAsync().getMode() != AsyncMode.SYNC));
        if (s.getAsync().getPolicy() != null) {
            out.put("policy", PolicySummary.of(rollout.counters, audit));
        }
        return CanonicalJson.write(out);
    }

    /** Busy device time over the devices' time until the stage's own end (the rollout ends at the last sync). */
    private static double utilization(StageTotals t) {
        double seconds = SimTime.seconds(t.endUs);
        return t.devices == 0 || seconds == 0 ? 0.0 : t.deviceSeconds / (t.devices * seconds);
    }

    static Map<String, Object> stats(double[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (values.length == 0) {
            m.put("mean", 0.0);
            m.put("p50", 0.0);
            m.put("p99", 0.0);
            return m;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        m.put("mean", sum / values.length);
        m.put("p50", nearestRank(sorted, 0.50));
        m.put("p99", nearestRank(sorted, 0.99));
        return m;
    }

    static double nearestRank(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** A stage's end-of-run totals, as plain fields. */
    public static final class StageTotals {
        long endUs;
        double deviceSeconds;
        int devices;
        HashMap<String, Long> counters = new HashMap<>();

        public StageTotals() {}

        StageTotals(StageReport r) {
            endUs = r.getEndUs();
            deviceSeconds = r.getBusyDeviceSeconds();
            devices = r.getDevices();
            counters.putAll(r.getCounters());
        }

        long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }
    }
}
