package io.asyncrl.jobs.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.jobs.spec.SpecException;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.Placement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code compare}'s check of its synchronous colocated baseline. Every variant keeps the spec's TP per role, and a
 * synchronous step waits for its longest answer, which a larger rollout TP decodes faster: the baseline can run well
 * below what the same devices reach synchronously, and every speedup over it is then too large (the 7B example:
 * 105,259 trained tokens/s at rollout TP 1 against 152,495 at TP 4). So the baseline runs again in memory at the
 * other rollout TPs of {@link #ROLLOUT_TPS} that its spec admits, and the check says which was fastest and what the
 * fastest variant gains over that. Runs in memory whatever the comparison's engine: both give the same summary.
 *
 * @param variant the baseline variant's label
 * @param rolloutTp the rollout TP it ran at
 * @param tokensPerSecond trained tokens/s per rollout TP tried, the baseline's own included (ascending TP)
 * @param steadyTokensPerSecond the same over the second half of each run's steps
 * @param fastest the label of the fastest other variant, or null when there is none
 * @param fastestTokensPerSecond its trained tokens/s
 * @param fastestSteadyTokensPerSecond its trained tokens/s over the second half of its steps
 */
public record BaselineCheck(String variant, int rolloutTp, Map<Integer, Double> tokensPerSecond,
        Map<Integer, Double> steadyTokensPerSecond, String fastest, double fastestTokensPerSecond,
        double fastestSteadyTokensPerSecond) {
    /** The rollout TPs tried: the engines' usual sizes up to a node of 8. */
    static final List<Integer> ROLLOUT_TPS = List.of(1, 2, 4, 8);
    /** A TP counts as better when it is this much faster: below it the baseline stands. */
    static final double MARGIN = 1.02;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The check of {@code cmp}'s baseline, or null when the baseline is not a synchronous colocated run. */
    public static BaselineCheck of(Comparison cmp, SpecVariants base) throws Exception {
        Comparison.Row b = cmp.rows().stream().filter(r -> r.variant().label().equals(cmp.baseline())).findFirst()
                .orElseThrow();
        ExperimentSpec s = b.variant().spec();
        if (s.getAsync().getMode() != AsyncMode.SYNC || s.getCluster().getPlacement() != Placement.COLOCATED) {
            return null;
        }
        int tp = s.getCluster().getRollout().getTp();
        List<Variant> others = atOtherRolloutTps(base, b.variant().settings(), tp, b.variant().label() + " rollout.tp=");
        Map<Integer, Double> tps = new TreeMap<>();
        Map<Integer, Double> steady = new TreeMap<>();
        tps.put(tp, b.metrics().trainedTokensPerSecond());
        steady.put(tp, b.metrics().steadyTokensPerSecond());
        var results = Comparison.inMemory(others, false);
        for (int i = 0; i < others.size(); i++) {
            VariantMetrics m = VariantMetrics.of(others.get(i).spec(), results.get(i));
            tps.put(others.get(i).spec().getCluster().getRollout().getTp(), m.trainedTokensPerSecond());
            steady.put(others.get(i).spec().getCluster().getRollout().getTp(), m.steadyTokensPerSecond());
        }
        Comparison.Row fastest = cmp.rows().stream().filter(r -> r != b)
                .max(java.util.Comparator.comparingDouble(r -> r.metrics().trainedTokensPerSecond())).orElse(null);
        return new BaselineCheck(b.variant().label(), tp, tps, steady, fastest == null ? null : fastest.variant().label(),
                fastest == null ? 0 : fastest.metrics().trainedTokensPerSecond(),
                fastest == null ? 0 : fastest.metrics().steadyTokensPerSecond());
    }

    /**
     * The variants of {@code base} with {@code settings} at each rollout TP of {@link #ROLLOUT_TPS} but {@code own} that
     * the spec admits (a TP it refuses, by heads, devices or memory, is not a run it could make), labelled
     * {@code labelPrefix + tp}; {@code WhatIf}'s colocated row uses them too.
     */
    static List<Variant> atOtherRolloutTps(SpecVariants base, Map<String, String> settings, int own, String labelPrefix) {
        List<Variant> out = new ArrayList<>();
        for (int t : ROLLOUT_TPS) {
            if (t == own) {
                continue;
            }
            Map<String, String> at = new LinkedHashMap<>(settings);
            at.put("cluster.rollout.tp", Integer.toString(t));
            try {
                out.add(base.variant(at, labelPrefix + t));
            } catch (SpecException e) {
                // not admitted at this TP: not tried
            }
        }
        return out;
    }

    /** The rollout TP that reached the most trained tokens/s (of equals, the baseline's own, else the smallest). */
    public int bestTp() {
        int best = rolloutTp;
        for (Map.Entry<Integer, Double> e : tokensPerSecond.entrySet()) {
            if (e.getValue() > tokensPerSecond.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** Whether another rollout TP beat the baseline's by more than {@link #MARGIN}. */
    public boolean baselineBeaten() {
        return tokensPerSecond.get(bestTp()) > MARGIN * tokensPerSecond.get(rolloutTp);
    }

    /** One line for the console, under the table. */
    public String line() {
        String tried = String.join(", ", tokensPerSecond.keySet().stream().map(String::valueOf).toList());
        if (bestTp() == rolloutTp) {
            return String.format(Locale.ROOT, "baseline check (in memory): %s is fastest at its rollout tp %d (tried %s)%n",
                    variant, rolloutTp, tried);
        }
        if (!baselineBeaten()) {
            return String.format(Locale.ROOT, "baseline check (in memory): %s at rollout tp %d is within %.0f%% of its "
                    + "fastest, at tp %d (tried %s)%n", variant, rolloutTp, 100 * (MARGIN - 1), bestTp(), tried);
        }
        double own = tokensPerSecond.get(rolloutTp);
        double best = tokensPerSecond.get(bestTp());
        double ownSteady = steadyTokensPerSecond.get(rolloutTp);
        double bestSteady = steadyTokensPerSecond.get(bestTp());
        String over = fastest == null ? "" : String.format(Locale.ROOT, "over that, %s is %.2fx (steady %.2fx), not "
                + "%.2fx (%.2fx): ", fastest, fastestTokensPerSecond / best, fastestSteadyTokensPerSecond / bestSteady,
                fastestTokensPerSecond / own, fastestSteadyTokensPerSecond / ownSteady);
        return String.format(Locale.ROOT, "baseline check (in memory): %s reaches %,.0f trained tok/s at rollout tp %d "
                + "(tried %s), %.2fx its %,.0f at tp %d;%n  %squote speedups over the baseline at its fastest TP "
                + "(docs/report.md)%n", variant, best, bestTp(), tried, best / own, own, rolloutTp, over);
    }

    /** compare.json's {@code baseline_check}. */
    public ObjectNode json() {
        ObjectNode o = JSON.createObjectNode();
        o.put("variant", variant);
        o.put("rollout_tp", rolloutTp);
        ObjectNode per = o.putObject("trained_tokens_per_second_by_rollout_tp");
        tokensPerSecond.forEach((t, v) -> per.put(Integer.toString(t), v));
        ObjectNode perSteady = o.putObject("steady_trained_tokens_per_second_by_rollout_tp");
        steadyTokensPerSecond.forEach((t, v) -> perSteady.put(Integer.toString(t), v));
        o.put("best_rollout_tp", bestTp());
        o.put("baseline_beaten", baselineBeaten());
        if (fastest != null) {
            o.put("fastest_variant", fastest);
            o.put("fastest_speedup_over_best_baseline", fastestTokensPerSecond / tokensPerSecond.get(bestTp()));
            o.put("fastest_steady_speedup_over_best_baseline",
                    fastestSteadyTokensPerSecond / steadyTokensPerSecond.get(bestTp()));
        }
        return o;
    }
}
