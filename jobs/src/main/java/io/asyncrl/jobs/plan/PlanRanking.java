package io.asyncrl.jobs.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which plan recommends its simulated candidates. Throughputs within {@link #TIE} of each other
 * are a tie (the simulation is a model: a 0.02% lead is no reason to accept more stale samples), broken by
 * the lower staleness bound, then the fewer devices, then the higher throughput, then the configuration text
 * (so the order never depends on the search's order). Each position holds the tie-rule winner of the
 * candidates not yet placed.
 */
final class PlanRanking {
    /** Relative throughput difference below which two candidates tie. */
    static final double TIE = 0.01;

    private static final Comparator<Candidate> PREFERENCE = Comparator.comparingInt((Candidate c) -> c.eta)
            .thenComparingInt(Candidate::devices)
            .thenComparingDouble(c -> -c.simulated)
            .thenComparing(Candidate::config);

    private PlanRanking() {}

    static List<Candidate> rank(List<Candidate> simulated) {
        List<Candidate> left = new ArrayList<>(simulated);
        List<Candidate> ranked = new ArrayList<>();
        while (!left.isEmpty()) {
            double top = left.stream().mapToDouble(c -> c.simulated).max().getAsDouble();
            Candidate pick = left.stream().filter(c -> c.simulated >= top * (1 - TIE)).min(PREFERENCE).get();
            ranked.add(pick);
            left.remove(pick);
        }
        return ranked;
    }
}
