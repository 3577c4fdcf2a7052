package io.asyncrl.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.StepReport;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous step that drops most of its answers as too stale trains in less time than a full batch of the
 * shortest answers. The trainer's lookahead used that full batch as its floor, so here (found by plan's robustness
 * reruns of the tiny example) it promised a version later than it came and the run failed: "the trainer's version 11
 * is available at 5290703 us, before its published watermark 5301172 us: a lookahead promised too much".
 */
class StepDropLookaheadTest {
    /** The tiny example as plan's robustness rerun had it: 3 + 5 devices, eta 8, 12 steps, training 25% slower. */
    private static ExperimentSpec spec() throws Exception {
        return Examples.variants("tiny-async.yaml").variant(SpecVariants.settings(
                "cluster.rollout.devices", "3", "cluster.train.devices", "5", "async.max_staleness", "8",
                "algorithm.steps", "12", "evaluation", "~", "hardware.train.time-scale", "1.25"), "drops").spec();
    }

    @Test
    void shouldRunAStepThatDropsMostOfItsBatchWithoutALookaheadPromisingTooMuch() throws Exception {
        ExperimentSpec spec = spec();
        RunResult r = InMemoryRunner.run(spec);
        assertEquals(12, r.steps().size());
        // a step trained fewer answers than its batch, in less time than a full batch of the shortest answers
        SimParams p = new CatalogParamsResolver().resolve(spec);
        double fullBatchOfShortest = p.trainStep(32L * 129, 32).totalSeconds();
        boolean shorter = false;
        for (StepReport s : r.steps()) {
            shorter |= s.getDropped() > 0 && s.getTrajectories() < 32 && s.getTrainSeconds() < fullBatchOfShortest;
        }
        assertTrue(shorter, "some step dropped answers and trained faster than " + fullBatchOfShortest + " s");
        assertEquals(0L, p.minTrainStepUs(), "async may drop answers down to none");
    }
}
