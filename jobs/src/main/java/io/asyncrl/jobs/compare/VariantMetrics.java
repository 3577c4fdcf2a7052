package io.asyncrl.jobs.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.Placement;
import io.asyncrl.schemas.StepReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The figures a comparison shows for one run, read from its summary and step reports.
 *
 * <p>Bubble time is the idle device time per training step, in seconds of the whole cluster:
 * the mean step time times the fraction of device time not busy. Disaggregated: devices are
 * rollout + train and busy time is {@code util_rollout * R + util_train * T}; colocated: the same
 * devices do both, so the idle fraction is {@code 1 - util_rollout - util_train} (at least 0).
 */
public record VariantMetrics(
        double trainedTokensPerSecond, double stepSeconds, double utilizationRollout, double utilizationTrain,
        double bubbleSecondsPerStep, double stalenessMean, double stalenessTokenMean, int stalenessMax,
        double simulatedSeconds, int steps, double steadyTokensPerSecond) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static VariantMetrics of(ExperimentSpec spec, RunResult run) {
        JsonNode s;
        try {
            s = JSON.readTree(run.summaryJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double ur = s.path("utilization").path("rollout").asDouble();
        double ut = s.path("utilization").path("train").asDouble();
        double step = s.path("step_seconds").path("mean").asDouble();
        double idle;
        if (spec.getCluster().getPlacement() == Placement.COLOCATED) {
            idle = Math.max(0, 1 - ur - ut);
        } else {
            int r = spec.getCluster().getRollout().getDevices();
            int t = spec.getCluster().getTrain().getDevices();
            idle = Math.max(0, 1 - (ur * r + ut * t) / (r + t));
        }
        return new VariantMetrics(s.path("trained_tokens_per_second").asDouble(), step, ur, ut, step * idle,
                s.path("staleness").path("mean").asDouble(), s.path("staleness").path("token_weighted_mean").asDouble(),
                s.path("staleness").path("max").asInt(), s.path("simulated_seconds").asDouble(), s.path("steps").asInt(),
                steadyTokensPerSecond(run.steps()));
    }

    /**
     * Trained tokens/s over the second half of the steps (the pipeline full), as {@code plan} ranks its candidates: the
     * tokens of the steps after step {@code skip} over the time from its end to the last one's, with {@code skip} half
     * the steps but at most the last but one (of 2 steps, the second over the time from the first's end; before, that
     * case had no interval and gave 0, so {@code plan --steps 2} ranked every candidate at 0).
     */
    public static double steadyTokensPerSecond(List<StepReport> steps) {
        int n = steps.size();
        int skip = Math.min(n / 2, n - 2);
        if (n < 2) {
            return n == 0 ? 0 : steps.get(0).getTokens() / (steps.get(0).getEndUs() / 1e6);
        }
        long tokens = 0;
        for (int i = skip + 1; i < n; i++) {
            tokens += steps.get(i).getTokens();
        }
        double seconds = (steps.get(n - 1).getEndUs() - steps.get(skip).getEndUs()) / 1e6;
        return seconds > 0 ? tokens / seconds : 0;
    }

    /**
     * Mean step time once the pipeline is full: steps after the first {@code skip} (the warm-up,
     * while the staleness window fills), from the step reports' end times.
     */
    public static double steadyStepSeconds(List<StepReport> steps, int skip) {
        if (steps.size() <= skip + 1) {
            return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).getEndUs() / 1e6 / steps.size();
        }
        long from = steps.get(skip).getEndUs();
        long to = steps.get(steps.size() - 1).getEndUs();
        return (to - from) / 1e6 / (steps.size() - 1 - skip);
    }
}
