package io.asyncrl.jobs.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.VariantMetrics;
import io.asyncrl.jobs.spec.SpecException;
import io.asyncrl.jobs.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * plan also weighs not splitting the devices at all: a synchronous colocated run on every device at each pair of
 * TPs. Its figures are those of a colocated spec written by hand, and it is recommended exactly when it is faster.
 */
class PlannerColocatedTest {
    /** 8 H800s, a 1.5B model; answers of median {@code median} tokens; the spec file itself is disaggregated. */
    private static String spec(int prompts, int median, int max) {
        return PlanTestSpecs.spec("colocated-or-not", 8, prompts, 256, median, 0.9, max, PlanTestSpecs.ASYNC);
    }

    /** The same workload written by hand as a synchronous colocated run on all 8 devices, 3 steps. */
    /** The colocated spec written by hand, over the steps the candidate's figure came from (3, or settled: 24). */
    private static double colocatedByHand(String spec, Candidate c) throws Exception {
        assertEquals(c.settledSteps > 0 ? 24 : 0, c.settledSteps, "a settled synchronous run: max(24, 4 x (0 + 1))");
        String yaml = byHand(spec, c.rolloutTp, c.trainTp).replace("steps: 3", "steps: " + (c.settledSteps > 0 ? 24 : 3));
        return VariantMetrics.steadyTokensPerSecond(InMemoryRunner.run(SpecLoader.parse(yaml, "by-hand.yaml", "by-hand"))
                .steps());
    }

    /** Whether the spec validator admits the colocated spec written by hand (memory fit, TP rules). */
    private static boolean admitted(String spec, int rolloutTp, int trainTp) {
        try {
            SpecLoader.parse(byHand(spec, rolloutTp, trainTp), "by-hand.yaml", "by-hand");
            return true;
        } catch (SpecException e) {
            return false;
        }
    }

    private static String byHand(String spec, int rolloutTp, int trainTp) {
        return spec.replace("steps: 4", "steps: 3").replace("placement: disaggregated", "placement: colocated")
                .replace("rollout: {devices: 4, tp: 1}", "rollout: {devices: 8, tp: " + rolloutTp + "}")
                .replace("train: {devices: 4, tp: 1}", "train: {devices: 8, tp: " + trainTp + "}")
                .replace("async: {mode: async, max_staleness: 2, partial_rollout: true}", "async: {mode: sync}");
    }

    private static Planner.Result plan(String spec) throws Exception {
        return new Planner(new SpecVariants(spec, "colocated-or-not.yaml"), 8, 0, 3, 1, 600).search();
    }

    private static List<Candidate> colocated(Planner.Result r) {
        return r.candidates().stream().filter(c -> c.colocated).toList();
    }

    @Test
    void shouldRecommendTheColocatedRunWhenItIsTheFastestOnPolicyConfiguration() throws Exception {
        // Long answers (median 6,000 tokens) in batches of 1,024: the two switches a step cost little beside
        // generating and training on twice the devices.
        String spec = spec(128, 6000, 27648);
        Planner.Result r = plan(spec);
        Candidate best = r.best();
        assertTrue(best.colocated, best.config());
        assertEquals("colocated 8 (rollout tp " + best.rolloutTp + ", train tp " + best.trainTp + "), sync",
                best.config());
        assertEquals(8, best.rolloutDevices);
        assertEquals(8, best.trainDevices);
        assertEquals(8, best.devices());
        assertEquals(0, best.eta);
        assertTrue(best.settledSteps > 0, "the recommendation is settled");
        assertEquals(colocatedByHand(spec, best), best.simulated, 1e-9);
        for (Candidate c : r.simulated()) {
            if (!c.colocated) {
                assertTrue(c.simulated < best.simulated, c.config() + " " + c.simulated + " >= " + best.simulated);
            }
        }
        // every TP pair (1, 2, 4, 8 per role) that the spec validator admits is weighed, and no other
        List<Candidate> all = colocated(r);
        List<String> expected = new java.util.ArrayList<>();
        for (int rtp : new int[] {1, 2, 4, 8}) {
            for (int ttp : new int[] {1, 2, 4, 8}) {
                if (admitted(spec, rtp, ttp)) {
                    expected.add(rtp + "/" + ttp);
                }
            }
        }
        assertTrue(expected.size() > 1 && expected.size() < 16, expected.toString());
        assertEquals(expected, all.stream().map(c -> c.rolloutTp + "/" + c.trainTp).sorted().toList());
        for (Candidate c : all) {
            assertEquals(1 / (1 / c.rolloutBound + 1 / c.trainBound), c.bound, 1e-9 * c.bound);
            assertTrue(c.variant.spec().getAsync().getMaxStaleness() == 0 && !c.variant.spec().getAsync()
                    .getPartialRollout(), c.config());
        }
        String table = PlanRun.render(r, 8, 0);
        assertTrue(table.startsWith("recommended: colocated 8 (rollout tp "), table);
        assertTrue(table.contains("  colocated  8        " + best.rolloutTp + " "), table);
    }

    @Test
    void shouldKeepTheSplitWhenTheColocatedSwitchesCostMoreThanTheyGain() throws Exception {
        // Shorter answers, half the batch: two switches a step outweigh the doubled devices.
        String spec = spec(64, 4000, 16384);
        Planner.Result r = plan(spec);
        assertFalse(r.best().colocated, r.best().config());
        Candidate fastestColocated = colocated(r).stream().filter(Candidate::simulatedYet)
                .max(java.util.Comparator.comparingDouble(c -> c.simulated)).orElseThrow();
        assertTrue(fastestColocated.simulated < r.best().simulated);
        assertEquals(colocatedByHand(spec, fastestColocated), fastestColocated.simulated, 1e-9);
    }
}
