package io.asyncrl.jobs.spec;

import io.asyncrl.operators.sim.core.Difficulty;
import io.asyncrl.schemas.AlgorithmSpec;
import io.asyncrl.schemas.DelayDist;
import io.asyncrl.schemas.EnvironmentSpec;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.PassRateDist;
import io.asyncrl.schemas.WorkloadSpec;

/**
 * Checks the multi-turn fields ({@code workload.turns}, {@code tool_tokens}, {@code environment}) and
 * the difficulty fields ({@code workload.pass_rate}, {@code algorithm.dynamic_sampling}).
 */
final class AgenticChecks {
    /** Dynamic sampling that keeps fewer groups than this would generate over 100 times the batch. */
    static final double MIN_KEPT_SHARE = 0.01;

    private final ValidationContext c;
    private final WorkloadChecks workload;

    AgenticChecks(ValidationContext c, WorkloadChecks workload) {
        this.c = c;
        this.workload = workload;
    }

    void check() {
        WorkloadSpec w = c.spec.getWorkload();
        if (w.getTurns() != null) {
            checkTurns("workload.turns", w.getTurns());
            if (w.getResponseTokens().getPromptShare() > 0 && c.ok("workload.response_tokens.prompt_share")) {
                c.error("workload.response_tokens.prompt_share", "is not used with turns (each turn draws its own length); "
                        + "remove it or workload.turns");
            }
        }
        if (w.getToolTokens() != null) {
            if (w.getTurns() == null && c.ok("workload.tool_tokens")) {
                c.error("workload.tool_tokens", "is only used between turns; add workload.turns (e.g. turns: {dist: uniform, "
                        + "min: 2, max: 8}) or remove tool_tokens");
            } else {
                workload.checkLengths("workload.tool_tokens", w.getToolTokens());
            }
        }
        if (w.getEnvironment() != null) {
            if (w.getTurns() == null && c.ok("workload.environment")) {
                c.error("workload.environment", "is only used between turns; add workload.turns (e.g. turns: {dist: uniform, "
                        + "min: 2, max: 8}) or remove environment");
            }
            checkEnvironment("workload.environment", w.getEnvironment());
        }
        if (w.getPassRate() != null) {
            checkPassRate("workload.pass_rate", w.getPassRate());
        }
        checkDynamicSampling();
    }

    private void checkTurns(String p, LengthDist d) {
        if (!c.ok(p + ".dist")) {
            return;
        }
        String fix = "; a trajectory has at least one turn (use value: 1, or remove turns, for single-turn work)";
        switch (d.getDist()) {
            case FIXED -> {
                if (c.ok(p + ".value") && d.getValue() < 1) {
                    c.error(p + ".value", "must be at least 1, got " + d.getValue() + fix);
                }
            }
            case UNIFORM, LOGNORMAL -> {
                boolean minOk = c.ok(p + ".min") && d.getMin() >= 1;
                if (c.ok(p + ".min") && d.getMin() < 1) {
                    c.error(p + ".min", "must be at least 1, got " + d.getMin() + fix);
                }
                if (c.ok(p + ".max") && d.getMax() < 1) {
                    c.error(p + ".max", "dist " + YamlValues.enumName(d.getDist()) + " needs max, the most turns a "
                            + "trajectory may take (a positive integer), got " + d.getMax());
                } else if (minOk && c.ok(p + ".max") && d.getMax() < d.getMin()) {
                    c.error(p + ".max", "must be >= min (" + d.getMin() + "), got " + d.getMax());
                }
                if (d.getDist() == io.asyncrl.schemas.DistKind.LOGNORMAL && c.ok(p + ".median") && !(d.getMedian() > 0)) {
                    c.error(p + ".median", "dist lognormal needs median, a positive number (turns), got "
                            + ValidationContext.fmt(d.getMedian()));
                }
            }
            default -> throw new IllegalStateException("unknown dist " + d.getDist());
        }
    }

    private void checkEnvironment(String p, EnvironmentSpec e) {
        if (e.getWorkers() != null) {
            c.positiveInt(p + ".workers", e.getWorkers());
        }
        if (e.getLatencySeconds() != null) {
            checkDelay(p + ".latency_seconds", e.getLatencySeconds());
        }
        Double ttl = e.getKvTtlSeconds();
        if (ttl != null && c.ok(p + ".kv_ttl_seconds") && !(ttl >= 0)) {
            c.error(p + ".kv_ttl_seconds", "must be a non-negative number of seconds (how long a kept KV cache stays "
                    + "reusable), got " + ValidationContext.fmt(ttl) + "; remove it to keep caches until evicted");
        }
    }

    private void checkDelay(String p, DelayDist d) {
        if (!c.ok(p + ".dist")) {
            return;
        }
        switch (d.getDist()) {
            case FIXED -> nonNegativeSeconds(p + ".value", d.getValue());
            case UNIFORM -> {
                boolean ok = nonNegativeSeconds(p + ".min", d.getMin()) & nonNegativeSeconds(p + ".max", d.getMax());
                if (ok && d.getMax() < d.getMin()) {
                    c.error(p + ".max", "must be >= min (" + ValidationContext.fmt(d.getMin()) + "), got "
                            + ValidationContext.fmt(d.getMax()));
                }
            }
            case LOGNORMAL -> {
                boolean ok = nonNegativeSeconds(p + ".min", d.getMin()) & nonNegativeSeconds(p + ".sigma", d.getSigma());
                if (c.ok(p + ".median") && !(d.getMedian() > 0)) {
                    c.error(p + ".median", "dist lognormal needs median, a positive number of seconds, got "
                            + ValidationContext.fmt(d.getMedian()));
                } else if (c.ok(p + ".max") && d.getMax() < d.getMedian()) {
                    c.error(p + ".max", "must be >= median (" + ValidationContext.fmt(d.getMedian()) + "): max is the "
                            + "step timeout that truncates the distribution, got " + ValidationContext.fmt(d.getMax()));
                } else if (ok && d.getMin() > d.getMedian()) {
                    c.error(p + ".min", "must be <= median (" + ValidationContext.fmt(d.getMedian()) + "), got "
                            + ValidationContext.fmt(d.getMin()));
                }
            }
            default -> throw new IllegalStateException("unknown dist " + d.getDist());
        }
    }

    private boolean nonNegativeSeconds(String path, double v) {
        if (!c.ok(path)) {
            return false;
        }
        if (!(v >= 0)) {
            c.error(path, "must be a non-negative number of seconds (an environment step cannot take negative time), got "
                    + ValidationContext.fmt(v));
            return false;
        }
        return true;
    }

    private void checkPassRate(String p, PassRateDist d) {
        if (!c.ok(p + ".dist")) {
            return;
        }
        switch (d.getDist()) {
            case FIXED -> probability(p + ".value", d.getValue());
            case UNIFORM -> {
                boolean ok = probability(p + ".min", d.getMin()) & probability(p + ".max", d.getMax());
                if (ok && d.getMax() < d.getMin()) {
                    c.error(p + ".max", "must be >= min (" + ValidationContext.fmt(d.getMin()) + "), got "
                            + ValidationContext.fmt(d.getMax()));
                }
            }
            case BETA -> {
                positive(p + ".alpha", d.getAlpha());
                positive(p + ".beta", d.getBeta());
            }
            default -> throw new IllegalStateException("unknown pass-rate dist " + d.getDist());
        }
    }

    private boolean probability(String path, double v) {
        if (!c.ok(path)) {
            return false;
        }
        if (!(v >= 0 && v <= 1)) {
            c.error(path, "must be a pass rate in [0, 1] (the probability that a sample scores 1), got "
                    + ValidationContext.fmt(v));
            return false;
        }
        return true;
    }

    private void positive(String path, double v) {
        if (c.ok(path) && !(v > 0)) {
            c.error(path, "must be a positive number (a shape parameter of the beta distribution), got "
                    + ValidationContext.fmt(v));
        }
    }

    private void checkDynamicSampling() {
        AlgorithmSpec a = c.spec.getAlgorithm();
        String p = "algorithm.dynamic_sampling";
        if (!Boolean.TRUE.equals(a.getDynamicSampling()) || !c.ok(p)) {
            return;
        }
        if (c.ok("async.streaming") && c.spec.getAsync().getStreaming()) {
            c.error(p, "is not modelled with async.streaming (a streamed minibatch would have to wait for filtered groups); "
                    + "set streaming: false or dynamic_sampling: false");
            return;
        }
        if (!c.ok("algorithm.group_size") || a.getGroupSize() < 2) {
            if (c.ok("algorithm.group_size")) {
                c.error(p, "needs group_size >= 2: a group of one answer always has equal rewards and would be filtered, got "
                        + a.getGroupSize());
            }
            return;
        }
        PassRateDist d = c.spec.getWorkload().getPassRate();
        if (d == null || !c.ok("workload.pass_rate") || c.errors.stream().anyMatch(e -> e.field().startsWith("workload.pass_rate"))) {
            return;
        }
        double kept = Difficulty.expectedInformative(d, a.getGroupSize());
        if (kept < MIN_KEPT_SHARE) {
            String why = kept <= 0
                    ? "every group's rewards are all equal (a pass rate of 0 or 1 for every prompt), so no batch ever fills"
                    : "only " + String.format(java.util.Locale.ROOT, "%.2g", kept * 100) + "% of groups would have rewards that "
                            + "differ: over " + Math.round(1 / MIN_KEPT_SHARE) + " times the batch would be generated";
            c.error("workload.pass_rate", "with algorithm.dynamic_sampling " + why + "; give pass rates between 0 and 1 "
                    + "(e.g. pass_rate: {dist: beta, alpha: 2, beta: 2}) or set dynamic_sampling: false");
        }
    }

    /** The longest context a trajectory can reach: prompt, every turn's generation and every tool output. */
    static Long maxContext(WorkloadSpec w, Long singleTurn) {
        if (singleTurn == null || w.getTurns() == null) {
            return singleTurn;
        }
        long turns = WorkloadChecks.maxTokens(w.getTurns());
        if (turns < 1) {
            return null;
        }
        long prompt = WorkloadChecks.maxTokens(w.getPromptTokens());
        long response = WorkloadChecks.maxTokens(w.getResponseTokens());
        long tool = w.getToolTokens() == null ? 0 : WorkloadChecks.maxTokens(w.getToolTokens());
        return prompt + turns * response + (turns - 1) * tool;
    }
}
