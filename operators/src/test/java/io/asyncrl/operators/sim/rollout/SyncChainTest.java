package io.asyncrl.operators.sim.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.RecordingEmitter;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.operators.sim.core.Workload;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.Trajectory;
import org.junit.jupiter.api.Test;

/**
 * A sync rollout simulates its whole batch in one advance (no version can come while it holds an answer of the
 * batch), publishes a watermark past its last event, and refuses a version older than what it simulated.
 */
class SyncChainTest {
    private static RolloutSimulator started(ExperimentSpec spec) {
        SimParams params = new CatalogParamsResolver().resolve(spec);
        RolloutSimulator sim = new RolloutSimulator(params);
        for (long p = 0; p < params.promptCount(); p++) {
            sim.addPrompt(Workload.prompt(spec, p));
        }
        sim.addVersion(new PolicyVersion(0, 0L, 0L, false));
        return sim;
    }

    @Test
    void shouldSimulateTheWholeSyncBatchInOneAdvanceAndPromiseNothingBeforeItsEnd() {
        ExperimentSpec spec = TestingSpecs.tiny(AsyncMode.SYNC, 0, false, 7);
        RolloutSimulator sim = started(spec);
        assertTrue(SyncChain.applies(sim.params(), sim));
        RecordingEmitter out = new RecordingEmitter();
        // the versions' watermark stays at 1 us: the trainer's lookahead is not needed to go on
        long watermark = sim.advance(1, out);
        assertEquals(sim.params().batchTrajectories, out.data.size(), "every answer of batch 0 in one advance");
        long last = out.data.stream().mapToLong(RecordingEmitter.At::timeUs).max().orElseThrow();
        assertEquals(0, SyncChain.inFlight(sim));
        assertEquals(last, sim.processedUs, "the last event is the last answer's completion");
        assertEquals(last + sim.params().minGenerationUs(), watermark, "nothing before the next version plus a generation");
        // the next version can only come after that batch: one earlier than what was simulated is refused
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sim.addVersion(new PolicyVersion(1, last - 1, last - 1, false)));
        assertTrue(e.getMessage().contains("policy version 1 available at " + (last - 1) + " us reached a rollout that "
                + "has simulated to " + last + " us"), e.getMessage());
    }

    @Test
    void shouldStopAtTheWatermarkWhereAVersionCanComeMidBatch() {
        // one-step-off generates batch k + 1 while batch k trains: its version may come at any time
        RolloutSimulator sim = started(TestingSpecs.tiny(AsyncMode.ONE_STEP_OFF, 1, false, 7));
        assertFalse(SyncChain.applies(sim.params(), sim));
        RecordingEmitter out = new RecordingEmitter();
        sim.advance(1, out);
        assertTrue(out.data.isEmpty(), "no answer completes by 1 us");
        assertTrue(sim.processedUs <= 1, "nothing simulated past the watermark: " + sim.processedUs);
    }
}
