package io.asyncrl.jobs.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.operators.sim.summary.LengthBiasAudit;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code compare --policies} adds per variant to compare.json ({@code policy}): staleness percentiles
 * weighted by sample and by token, tokens thrown away and recomputed, and the length-bias table.
 *
 * <p>The table is the run's summary's ({@code policy.length_bias}) when the spec sets a policy; a variant without
 * one gets the same table computed here from its outcomes, each decided at its step's end (where the trainer
 * records trained and dropped outcomes), with the same {@link LengthBiasAudit}.
 */
public final class PolicyMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyMetrics() {}

    public static ObjectNode of(RunResult run) {
        JsonNode summary;
        try {
            summary = JSON.readTree(run.summaryJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<double[]> samples = new ArrayList<>();
        List<double[]> tokens = new ArrayList<>();
        for (TrajectoryOutcome o : run.trajectories()) {
            if (!o.getTrained()) {
                continue;
            }
            samples.add(new double[] {o.getStaleness(), 1});
            for (VersionSpan s : o.getScored().getTrajectory().getSpans()) {
                tokens.add(new double[] {o.getStep() - s.getVersion(), s.getTokens()});
            }
        }
        ObjectNode m = JSON.createObjectNode();
        m.put("staleness_p50", weightedPercentile(samples, 0.50));
        m.put("staleness_p99", weightedPercentile(samples, 0.99));
        m.put("token_staleness_p50", weightedPercentile(tokens, 0.50));
        m.put("token_staleness_p99", weightedPercentile(tokens, 0.99));
        JsonNode policy = summary.path("policy");
        m.put("thrown_tokens", policy.path("thrown_tokens").asLong(0));
        m.put("recomputed_tokens", policy.path("recomputed_tokens").asLong(0));
        m.put("utilization_rollout", summary.path("utilization").path("rollout").asDouble());
        m.put("utilization_train", summary.path("utilization").path("train").asDouble());
        m.put("dropped", summary.path("trajectories").path("dropped").asLong() + policy.path("surplus_dropped").asLong(0));
        m.put("aborted", policy.path("aborted").asLong(0));
        if (policy.has("length_bias")) {
            m.set("length_bias", policy.get("length_bias"));
        } else {
            m.set("length_bias", JSON.valueToTree(audit(run).table()));
        }
        return m;
    }

    /** The length-bias audit of a run without a policy, from its outcomes decided at their step's end. */
    static LengthBiasAudit audit(RunResult run) {
        Map<Integer, Long> stepEnd = new HashMap<>();
        for (StepReport s : run.steps()) {
            stepEnd.put(s.getStep(), s.getEndUs());
        }
        LengthBiasAudit a = new LengthBiasAudit();
        for (TrajectoryOutcome o : run.trajectories()) {
            Trajectory t = o.getScored().getTrajectory();
            long decided = o.getStep() >= 0 ? stepEnd.getOrDefault(o.getStep(), t.getEndUs()) : t.getEndUs();
            a.add(o, decided);
        }
        return a;
    }

    /** Nearest-rank percentile of (value, weight) pairs: the smallest value whose cumulative weight reaches q. */
    static double weightedPercentile(List<double[]> pairs, double q) {
        if (pairs.isEmpty()) {
            return 0.0;
        }
        List<double[]> sorted = new ArrayList<>(pairs);
        sorted.sort((a, b) -> Double.compare(a[0], b[0]));
        double total = 0;
        for (double[] p : sorted) {
            total += p[1];
        }
        double need = Math.ceil(q * total);
        double seen = 0;
        for (double[] p : sorted) {
            seen += p[1];
            if (seen >= need) {
                return p[0];
            }
        }
        return sorted.get(sorted.size() - 1)[0];
    }

    /** The console table of a policy comparison. */
    public static String table(Comparison cmp) {
        StringBuilder b = new StringBuilder();
        int w = Math.max(8, cmp.rows().stream().mapToInt(r -> r.variant().label().length()).max().orElse(8));
        b.append(String.format(Locale.ROOT, "%-" + w + "s %14s %8s %11s %11s %13s %8s %8s %s%n", "policy", "trained tok/s",
                "speedup", "stale p50/99", "token p50/99", "thrown tokens", "util rl", "util tr",
                "dropped+aborted share by length decile (short..long)"));
        for (Comparison.Row r : cmp.rows()) {
            ObjectNode m = cmp.policyMetrics(r);
            StringBuilder shares = new StringBuilder();
            for (JsonNode d : (ArrayNode) m.get("length_bias")) {
                shares.append(String.format(Locale.ROOT, " %.2f",
                        d.path("dropped_share").asDouble() + d.path("aborted_share").asDouble()));
            }
            b.append(String.format(Locale.ROOT, "%-" + w + "s %14.0f %7.2fx %5.0f/%-5.0f %5.1f/%-5.1f %13d %8.3f %8.3f%s%n",
                    r.variant().label(), r.metrics().trainedTokensPerSecond(), r.speedup(),
                    m.path("staleness_p50").asDouble(), m.path("staleness_p99").asDouble(),
                    m.path("token_staleness_p50").asDouble(), m.path("token_staleness_p99").asDouble(),
                    m.path("thrown_tokens").asLong(), m.path("utilization_rollout").asDouble(),
                    m.path("utilization_train").asDouble(), shares));
        }
        b.append("speedup over ").append(cmp.baseline()).append("; staleness in versions; docs/policies.md\n");
        return b.toString();
    }
}
