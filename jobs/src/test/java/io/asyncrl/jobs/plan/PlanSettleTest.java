package io.asyncrl.jobs.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.compare.SettledSteps;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.VariantMetrics;
import io.asyncrl.jobs.spec.SpecLoader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * plan settles what it shows: the recommendation, the runner-ups and the Pareto front run again past their pipeline's
 * fill, where a short run's second half still drains the batches an asynchronous rollout admitted ahead.
 */
class PlanSettleTest {
    private static final String SPEC = PlanTestSpecs.spec("settle", 4, 8, 128, 300, 0.8, 1024, PlanTestSpecs.ASYNC);
    private static Planner.Result result;

    @BeforeAll
    static void plan() throws Exception {
        result = new Planner(new SpecVariants(SPEC, "settle.yaml"), 8, 8, 3, 1, 600).search();
    }

    /** The candidate's spec at {@code steps} steps, run by hand: its steady trained tokens/s. */
    private static double atSteps(Candidate c, int steps) throws Exception {
        String yaml = c.variant.yaml().replaceFirst("\n  steps: \\d+\n", "\n  steps: " + steps + "\n");
        return VariantMetrics.steadyTokensPerSecond(InMemoryRunner.run(SpecLoader.parse(yaml, "by-hand.yaml", "by-hand"))
                .steps());
    }

    @Test
    void shouldSettleOverTwentyFourStepsOrFourBatchesPerStalenessVersion() {
        assertEquals(24, SettledSteps.of(6, 0));
        assertEquals(24, SettledSteps.of(6, 2));
        assertEquals(24, SettledSteps.of(3, 5)); // 4 x 6 = 24
        assertEquals(36, SettledSteps.of(6, 8)); // 4 x 9
        assertEquals(48, SettledSteps.of(48, 2)); // the search already ran more
    }

    @Test
    void shouldShowOnlySettledFiguresEachThatOfItsSpecRunByHand() throws Exception {
        List<Candidate> shown = new java.util.ArrayList<>(result.simulated().subList(0, Math.min(Planner.SETTLE_TOP,
                result.simulated().size())));
        shown.addAll(result.pareto());
        Set<Candidate> seen = new HashSet<>();
        for (Candidate c : shown) {
            if (!seen.add(c)) {
                continue;
            }
            assertEquals(SettledSteps.of(3, c.eta), c.settledSteps, c.config());
            assertTrue(c.variant.yaml().contains("\n  steps: " + c.settledSteps + "\n"), c.config());
            assertEquals(atSteps(c, c.settledSteps), c.simulated, 1e-9, c.config());
        }
        // the leaders were settled, and every candidate that rose among them as their figures fell: one rerun each
        assertEquals(result.candidates().stream().filter(c -> c.settledSteps > 0).count(), result.settledCount());
        assertTrue(result.settledCount() >= seen.size());
        assertTrue(PlanRun.render(result, 8, 8).contains("settled: " + result.settledCount() + " candidates (until the "
                + "first 6 and the best at each staleness bound were all settled) ran again over "), PlanRun.render(result, 8, 8));
        // no candidate left unsimulated could still lead: its bound is below the settled best at its bound or below
        for (Candidate c : result.candidates()) {
            if (!c.simulatedYet()) {
                double best = result.candidates().stream().filter(o -> o.settledSteps > 0 && o.eta <= c.eta)
                        .mapToDouble(o -> o.simulated).max().orElse(0);
                assertTrue(c.bound < best, c.config() + ": bound " + c.bound + " against " + best);
            }
        }
    }

    @Test
    void shouldSettleNothingAndPruneAsTheSearchDidWhenItsStepsAreLongEnough() throws Exception {
        // 36 steps are past every fill up to eta 8 (max(24, 4 x 9)): nothing reruns, and no later pass simulates what
        // the first pruned (it once treated "nothing settled" as "nothing to prune by" and simulated every candidate)
        Planner.Result longRuns = new Planner(new SpecVariants(SPEC, "settle.yaml"), 8, 8, 36, 1, 600).search();
        assertEquals(0, longRuns.settledCount());
        assertTrue(longRuns.simulatedCount() < longRuns.candidates().size(), longRuns.simulatedCount() + " of "
                + longRuns.candidates().size());
        for (Candidate c : longRuns.candidates()) {
            if (!c.simulatedYet()) {
                double best = longRuns.candidates().stream().filter(o -> o.simulatedYet() && o.eta <= c.eta)
                        .mapToDouble(o -> o.simulated).max().orElse(0);
                assertTrue(c.bound < best, c.config());
            }
        }
    }

    @Test
    void shouldTakeTheFillOutOfAnAsynchronousRecommendationsFigure() throws Exception {
        // eta 8 with 32 trajectories a step: over 3 steps every batch is admitted at once, and the second half drains
        // them at the trainer's pace; settled, the figure is the rollout's own pace, well below
        Candidate rec = result.best();
        assertTrue(rec.eta >= 4, rec.config());
        double short3 = atSteps(rec, 3);
        assertTrue(rec.simulated < 0.8 * short3, rec.simulated + " settled against " + short3 + " over 3 steps");
    }
}
