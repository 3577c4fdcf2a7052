package io.asyncrl.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.spec.SpecLoader;
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
    private static final String SPEC = """
            name: drops
            seed: 42
            model: qwen2.5-1.5b
            algorithm: {kind: grpo, group_size: 4, prompts_per_step: 8, minibatches: 2, steps: 12}
            workload:
              prompt_tokens: {dist: fixed, value: 128}
              response_tokens: {dist: lognormal, median: 300, sigma: 0.8, max: 1024}
              reward: {kind: rule, cpu_ms_per_sample: 20, workers: 8}
            cluster:
              device: h800-sxm
              placement: disaggregated
              rollout: {devices: 3, tp: 1}
              train: {devices: 5, tp: 1}
            async: {mode: async, max_staleness: 8, partial_rollout: true}
            hardware: {train.time-scale: 1.25}
            """;

    @Test
    void shouldRunAStepThatDropsMostOfItsBatchWithoutALookaheadPromisingTooMuch() throws Exception {
        ExperimentSpec spec = SpecLoader.parse(SPEC, "drops.yaml", "drops");
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
