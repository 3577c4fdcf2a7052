package io.asyncrl.jobs.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.VariantMetrics;
import io.asyncrl.jobs.spec.SpecLoader;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * plan's robustness check: the best configuration of each of the best shapes reruns with generation, then training,
 * 25% slower, and each figure is that of the same spec with the time scale written into its hardware block by hand.
 */
class PlanRobustnessTest {
    private static final String SPEC = PlanTestSpecs.spec("robustness", 8, 64, 256, 3000, 0.9, 16384,
            PlanTestSpecs.ASYNC);
    private static Planner.Result result;
    private static PlanRobustness robustness;

    @BeforeAll
    static void plan() throws Exception {
        result = new Planner(new SpecVariants(SPEC, "robustness.yaml"), 8, 2, 3, 1, 600).search();
        robustness = PlanRobustness.of(result, 8, "robustness.yaml", 2);
    }

    /**
     * The candidate's spec at 24 steps (the settled horizon of bounds 0 to 2: max(24, 4 x (2 + 1))), with
     * {@code key: 1.25} added to it by hand (the flat form), or as it is.
     */
    private static double byHand(Candidate c, String key) throws Exception {
        assertTrue(c.variant.yaml().matches("(?s).*\n  steps: (3|24)\n.*"), c.variant.yaml());
        String yaml = c.variant.yaml().replaceFirst("\n  steps: (3|24)\n", "\n  steps: 24\n")
                + (key == null ? "" : "hardware:\n  " + key + ": 1.25\n");
        return VariantMetrics.steadyTokensPerSecond(InMemoryRunner.run(SpecLoader.parse(yaml, "by-hand.yaml", "by-hand"))
                .steps());
    }

    @Test
    void shouldRerunTheRecommendationItsNeighbouringSplitsAndTheBestColocatedRun() {
        List<Candidate> chosen = PlanRobustness.chosen(result, 8);
        Candidate rec = result.best();
        assertEquals(rec, chosen.get(0));
        assertFalse(rec.colocated, rec.config());
        assertTrue(chosen.size() <= PlanRobustness.SHAPES, chosen.toString());
        Set<String> shapes = new HashSet<>();
        for (Candidate c : chosen) {
            assertTrue(shapes.add(c.colocated ? "colocated" : "split " + c.rolloutDevices), "one per shape: " + chosen);
        }
        // 8 devices: the search steps by 1, so right after the recommendation come the splits one, then two devices
        // to either side (those the search has)
        List<Integer> neighbours = new java.util.ArrayList<>();
        for (int v : new int[] {rec.rolloutDevices - 1, rec.rolloutDevices + 1, rec.rolloutDevices - 2,
                rec.rolloutDevices + 2}) {
            if (result.candidates().stream().anyMatch(c -> !c.colocated && c.rolloutDevices == v)) {
                neighbours.add(v);
            }
        }
        assertTrue(neighbours.size() >= 3, neighbours.toString());
        assertEquals(neighbours, chosen.subList(1, 1 + neighbours.size()).stream().map(c -> c.rolloutDevices).toList());
        for (Candidate c : chosen) {
            if (!c.colocated && Math.abs(c.rolloutDevices - rec.rolloutDevices) <= 2 && c != rec) {
                boolean sameExists = result.candidates().stream().anyMatch(o -> !o.colocated
                        && o.rolloutDevices == c.rolloutDevices && o.rolloutTp == rec.rolloutTp && o.trainTp == rec.trainTp
                        && o.eta == rec.eta);
                if (sameExists) {
                    assertTrue(c.rolloutTp == rec.rolloutTp && c.trainTp == rec.trainTp && c.eta == rec.eta,
                            "a neighbour at the recommendation's TPs and eta: " + c.config());
                }
            }
        }
        if (chosen.size() < PlanRobustness.SHAPES || shapes.contains("colocated")) {
            assertEquals(result.simulated().stream().anyMatch(c -> c.colocated), shapes.contains("colocated"));
        }
    }

    @Test
    void shouldGiveEachRerunTheFigureOfTheSpecSlowedByHandOverTwelveSteps() throws Exception {
        // the search ran 3 steps; the reruns run the settled horizon, 24, the configurations as they are too
        assertEquals(24, PlanRobustness.steps(result, 8));
        assertEquals(List.of("generation", "training"), robustness.scenarios().stream().map(PlanRobustness.Scenario::side)
                .toList());
        List<Double> asIs = robustness.scenarios().get(0).unchanged();
        for (int i = 0; i < asIs.size(); i++) {
            assertEquals(byHand(robustness.scenarios().get(0).rerun().get(i), null), asIs.get(i), 1e-9);
        }
        for (PlanRobustness.Scenario s : robustness.scenarios()) {
            assertEquals(asIs, s.unchanged());
            // the slowdown took effect (a configuration bound by the other side may not feel it)
            assertNotEquals(s.unchanged(), s.tokensPerSecond(), s.side());
            for (int i = 0; i < s.rerun().size(); i++) {
                Candidate c = s.rerun().get(i);
                assertEquals(byHand(c, s.option()), s.tokensPerSecond().get(i), 1e-9, s.side() + " " + c.config());
            }
        }
    }

    @Test
    void shouldNameEachScenariosBestAndWhatTheRecommendationLosesToIt() {
        String lines = robustness.lines();
        assertTrue(lines.contains("so " + PlanRobustness.chosen(result, 8).size() + " configurations (the recommendation, "
                + "the splits beside it, the best colocated run and the best others) ran again, 24 steps each, as they are "
                + "and with one side 25% slower:"), lines);
        for (PlanRobustness.Scenario s : robustness.scenarios()) {
            String expected = s.bestIndex() == 0
                    ? String.format(Locale.ROOT, "the recommendation stays the best of them -> %.0f trained tokens/s (%+.1f%% "
                            + "from %.0f as it is)", s.recommended(), 100 * (s.recommended() / s.unchanged().get(0) - 1),
                            s.unchanged().get(0))
                    : String.format(Locale.ROOT, "best %s -> %.0f; the recommendation %.0f (%+.1f%%)",
                            s.rerun().get(s.bestIndex()).config(), s.best(), s.recommended(),
                            100 * (s.recommended() / s.best() - 1));
            assertTrue(lines.contains(s.side() + " ") && lines.contains(expected), expected + "\n" + lines);
            double max = s.tokensPerSecond().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertEquals(max, s.best());
        }
    }

    /**
     * A spec carrying its own time scale (a calibration to a measured run) is made slower from that scale, not reset
     * to the slowdown, which would make it faster than calibrated.
     */
    @Test
    void shouldSlowACalibratedSpecDownFromItsOwnTimeScale() {
        SpecVariants calibrated = new SpecVariants(SPEC + "hardware: {inference.time-scale: 1.4}\n", "calibrated.yaml");
        Candidate c = new Candidate(4, 4, 1, 1, 1, calibrated.variant(java.util.Map.of(), "c"), 0, 0, 0);
        assertEquals(1.75, PlanRobustness.slower(c, "inference.time-scale"), 1e-12);
        assertEquals(1.25, PlanRobustness.slower(c, "train.time-scale"), 1e-12);
        PlanRobustness.Scenario slowed = new PlanRobustness.Scenario("generation", "inference.time-scale", 1.75,
                List.of(c), List.of(100.0), List.of(90.0));
        String lines = new PlanRobustness(List.of(slowed), 24).lines();
        assertTrue(lines.contains("robustness: the spec sets its own time scales (a calibration to a measured run, or a "
                + "correction by hand)") && lines.contains("25% slower than those scales make it:")
                && lines.contains("(inference.time-scale 1.75)"), lines);
        assertTrue(PlanRobustness.variant(c, 24, "inference.time-scale", "calibrated.yaml").yaml()
                .contains("inference.time-scale: 1.75"), PlanRobustness.variant(c, 24, "inference.time-scale", "calibrated.yaml").yaml());
    }
}
