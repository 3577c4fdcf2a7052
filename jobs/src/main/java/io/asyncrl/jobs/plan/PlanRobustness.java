package io.asyncrl.jobs.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.jobs.accuracy.Accuracy;
import io.asyncrl.jobs.compare.Comparison;
import io.asyncrl.jobs.compare.SettledSteps;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.Variant;
import io.asyncrl.jobs.compare.VariantMetrics;
import io.asyncrl.jobs.result.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the recommendation holds if the simulator is wrong the way it has mostly been wrong. Against published
 * runs its hours were short by a median {@link Accuracy#HOURS_MEDIAN_PERCENT}% ({@code validate papers}), and which side
 * of a run is too fast differs from run to run. So up to {@link #SHAPES} configurations ({@link #chosen}: the
 * recommendation, its neighbouring splits, the best colocated run, the best other shapes) run again twice, once with
 * generation and once with training {@link #SLOWDOWN}x slower ({@code inference.time-scale}, {@code train.time-scale} in the spec's {@code hardware:}
 * block), and each scenario names its best configuration and what the recommendation loses to it.
 */
final class PlanRobustness {
    /** How much slower one side runs in each scenario: about the simulator's hours error, rounded up. */
    static final double SLOWDOWN = 1.25;
    /** How many shapes (splits, or colocated) rerun, best first; the recommendation's is always one of them. */
    static final int SHAPES = 6;
    /** The steps of each rerun, at least (the search's default is 6, whose second half is 3 steps). */
    static final int STEPS = 12;

    /**
     * One scenario: which side is slower, the option that makes it so, and each rerun configuration's throughput as
     * the search found it ({@code unchanged}) and with that side slower.
     */
    record Scenario(String side, String option, double value, List<Candidate> rerun, List<Double> unchanged,
            List<Double> tokensPerSecond) {
        int bestIndex() {
            int best = 0;
            for (int i = 1; i < tokensPerSecond.size(); i++) {
                if (tokensPerSecond.get(i) > tokensPerSecond.get(best)) {
                    best = i;
                }
            }
            return best;
        }

        /** The recommendation's throughput in this scenario (it is rerun first). */
        double recommended() {
            return tokensPerSecond.get(0);
        }

        double best() {
            return tokensPerSecond.get(bestIndex());
        }
    }

    private final List<Scenario> scenarios;
    private final int steps;

    PlanRobustness(List<Scenario> scenarios, int steps) {
        this.scenarios = scenarios;
        this.steps = steps;
    }

    List<Scenario> scenarios() {
        return scenarios;
    }

    /**
     * The configurations that rerun, the recommendation first: for a split recommendation, the splits one and two
     * steps of the search to either side of it (at the recommendation's TPs and eta when the search has that
     * configuration, else the best of that split: a slower side moves the best split, and the neighbours may have
     * been pruned by the bound), then the best colocated run, then the best of the other simulated shapes; at most
     * {@link #SHAPES}, one per shape (a split, or colocated).
     */
    static List<Candidate> chosen(Planner.Result r, int devices) {
        Candidate rec = r.best();
        Map<String, Candidate> byShape = new LinkedHashMap<>();
        byShape.put(shape(rec), rec);
        if (!rec.colocated) {
            int g = Planner.granularity(devices);
            for (int step : new int[] {-g, g, -2 * g, 2 * g}) {
                int v = rec.rolloutDevices + step;
                Candidate same = null;
                Candidate best = null;
                for (Candidate c : r.candidates()) {
                    if (c.colocated || c.rolloutDevices != v) {
                        continue;
                    }
                    if (c.rolloutTp == rec.rolloutTp && c.trainTp == rec.trainTp && c.eta == rec.eta) {
                        same = c;
                    }
                    if (best == null || MOST_PROMISING.compare(c, best) < 0) {
                        best = c;
                    }
                }
                Candidate pick = same != null ? same : best;
                if (pick != null) {
                    byShape.putIfAbsent(shape(pick), pick);
                }
            }
        }
        List<Candidate> simulated = r.simulated();
        simulated.stream().filter(c -> c.colocated).findFirst().ifPresent(c -> byShape.putIfAbsent(shape(c), c));
        for (Candidate c : simulated) {
            byShape.putIfAbsent(shape(c), c);
        }
        return byShape.values().stream().limit(SHAPES).toList();
    }

    private static String shape(Candidate c) {
        return c.colocated ? "colocated" : "split " + c.rolloutDevices;
    }

    /** Simulated candidates first, by simulated throughput; then the others, by their bound. */
    private static final Comparator<Candidate> MOST_PROMISING = Comparator.comparing((Candidate c) -> !c.simulatedYet())
            .thenComparingDouble(c -> c.simulatedYet() ? -c.simulated : -c.bound);

    /**
     * Reruns {@link #chosen} as they are and in both scenarios, {@link #steps} steps each: a slower side lengthens a
     * pipeline's fill, which the search's few steps would count in its steady figure.
     */
    static PlanRobustness of(Planner.Result r, int devices, String source, int threads) throws Exception {
        List<Candidate> chosen = chosen(r, devices);
        int steps = steps(r, devices);
        String[][] sides = {{"generation", "inference.time-scale"}, {"training", "train.time-scale"}};
        // as they are (a candidate settled over these steps already ran so: its figure is reused), then each side
        // slower: one pool for all of them
        List<Variant> variants = new ArrayList<>();
        for (String option : new String[] {null, sides[0][1], sides[1][1]}) {
            chosen.stream().filter(c -> option != null || c.settledSteps != steps)
                    .forEach(c -> variants.add(variant(c, steps, option, source)));
        }
        List<RunResult> results = Comparison.inMemory(variants, false, threads);
        List<Double> ran = results.stream().map(x -> VariantMetrics.steadyTokensPerSecond(x.steps())).toList();
        List<Double> tps = new ArrayList<>();
        int next = 0;
        for (Candidate c : chosen) {
            tps.add(c.settledSteps == steps ? c.simulated : ran.get(next++));
        }
        tps.addAll(ran.subList(next, ran.size()));
        int n = chosen.size();
        List<Scenario> scenarios = new ArrayList<>();
        for (int k = 0; k < sides.length; k++) {
            scenarios.add(new Scenario(sides[k][0], sides[k][1], slower(chosen.get(0), sides[k][1]), chosen,
                    tps.subList(0, n),
                    tps.subList((k + 1) * n, (k + 2) * n)));
        }
        return new PlanRobustness(scenarios, steps);
    }

    /**
     * The steps each rerun trains: {@link #STEPS}, or more if the search ran more or a chosen candidate's staleness
     * bound needs more to be past its fill ({@link SettledSteps#of}, as the recommendation's figure was settled).
     */
    static int steps(Planner.Result r, int devices) {
        return Math.max(STEPS, chosen(r, devices).stream().mapToInt(c -> SettledSteps.of(r.simulatedSteps(), c.eta))
                .max().orElse(r.simulatedSteps()));
    }

    /**
     * {@link #SLOWDOWN} times the time scale {@code option} of the candidate's spec: a spec calibrated to a measured run
     * ({@code calibrate --step-times}) keeps its scale and is made slower from there, not reset to the slowdown.
     */
    static double slower(Candidate c, String option) {
        String own = c.variant.spec().getHardware().getOptions().get(option);
        return (own == null ? 1.0 : Double.parseDouble(own)) * SLOWDOWN;
    }

    /** The candidate's spec at {@code steps} steps, with {@code option} (a time scale, or null) {@link #slower}. */
    static Variant variant(Candidate c, int steps, String option, String source) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("algorithm.steps", String.valueOf(steps));
        if (option != null) {
            m.put("hardware." + option, String.valueOf(slower(c, option)));
        }
        return new SpecVariants(c.variant.yaml(), source).variant(m, c.variant.label() + "-" + (option == null ? "as-is"
                : option));
    }

    String lines() {
        StringBuilder b = new StringBuilder();
        boolean ownScales = scenarios.stream().anyMatch(s -> s.value() != SLOWDOWN);
        String why = ownScales ? "the spec sets its own time scales (a calibration to a measured run, or a correction by "
                + "hand), which hold only as far as that measurement does"
                : String.format(Locale.ROOT, "against published runs the simulation was faster (hours off by a median %d%%)",
                        Accuracy.HOURS_MEDIAN_PERCENT);
        b.append(String.format(Locale.ROOT, "%nrobustness: %s, so %d configurations (the recommendation, the splits beside "
                + "it, the best colocated run and the best others) ran again, %d steps each, as they are and with one side "
                + "%.0f%% slower%s:%n", why, scenarios.get(0).rerun().size(), steps, (SLOWDOWN - 1) * 100,
                ownScales ? " than those scales make it" : ""));
        for (Scenario s : scenarios) {
            String head = String.format(Locale.ROOT, "  %-10s %.0f%% slower (%s %.2f): ", s.side(), (SLOWDOWN - 1) * 100,
                    s.option(), s.value());
            if (s.bestIndex() == 0) {
                b.append(head).append(String.format(Locale.ROOT, "the recommendation stays the best of them -> %.0f trained "
                        + "tokens/s (%+.1f%% from %.0f as it is)%n", s.recommended(), 100 * (s.recommended()
                        / s.unchanged().get(0) - 1), s.unchanged().get(0)));
            } else {
                Candidate best = s.rerun().get(s.bestIndex());
                b.append(head).append(String.format(Locale.ROOT, "best %s -> %.0f; the recommendation %.0f (%+.1f%%)%n",
                        best.config(), s.best(), s.recommended(), 100 * (s.recommended() / s.best() - 1)));
            }
        }
        return b.toString();
    }

    void json(ObjectNode n) {
        n.put("slowdown", SLOWDOWN);
        n.put("steps", steps);
        n.put("hours_median_error_percent", Accuracy.HOURS_MEDIAN_PERCENT);
        var arr = n.putArray("scenarios");
        for (Scenario s : scenarios) {
            ObjectNode o = arr.addObject();
            o.put("slower", s.side()).put("option", s.option()).put("value", s.value());
            var rows = o.putArray("rerun");
            for (int i = 0; i < s.rerun().size(); i++) {
                Candidate c = s.rerun().get(i);
                rows.addObject().put("configuration", c.config()).put("placement", c.colocated ? "colocated" : "disaggregated")
                        .put("trained_tokens_per_second", s.tokensPerSecond().get(i))
                        .put("as_is_trained_tokens_per_second", s.unchanged().get(i));
            }
            o.put("best", s.rerun().get(s.bestIndex()).config());
            o.put("recommended_trained_tokens_per_second", s.recommended());
            o.put("recommended_loss_to_best", s.recommended() / s.best() - 1);
        }
    }
}
