package io.asyncrl.operators.sim.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.RecordingEmitter;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.VersionSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trainer's watermark: in sync mode the bound on its next step counts the tokens of the batch it already
 * holds, in async mode the complete groups it holds, computed here by hand from the hardware model's step time
 * S(tokens, sequences); elsewhere the minimum step.
 */
class TrainLookaheadTest {
    private static final int PROMPT = 100;
    private static final int RESPONSE = 300;

    /** One step of 2 prompts x 2 answers, one minibatch. */
    private static SimParams params(AsyncMode mode) {
        ExperimentSpec spec = mode == AsyncMode.SYNC ? TestingSpecs.tiny(mode, 0, false, 13)
                : TestingSpecs.tinySplit(mode, 0, false, 13);
        spec.getAlgorithm().setGroupSize(2);
        spec.getAlgorithm().setPromptsPerStep(2);
        spec.getAlgorithm().setMinibatches(1);
        spec.getAlgorithm().setSteps(1);
        return new CatalogParamsResolver().resolve(spec);
    }

    private static ScoredTrajectory scored(long id, long scoredUs) {
        Trajectory t = new Trajectory(id, id / 2, (int) (id % 2), PROMPT, RESPONSE, 0, 0L, 0L, scoredUs - 1,
                0, 0, 0, 0, List.of(new VersionSpan(0, RESPONSE)), 0, -1);
        return new ScoredTrajectory(t, 1.0, scoredUs);
    }

    private static long stepUs(SimParams p, long tokens) {
        return SimTime.micros(p.trainStep(tokens, p.batchTrajectories).totalSeconds());
    }

    @Test
    void shouldCountTheHeldTrajectoriesOfTheSyncBatchAndTheMissingOneAtItsShortest() {
        SimParams p = params(AsyncMode.SYNC);
        TrainerSimulator trainer = new TrainerSimulator(p);
        long empty = trainer.advance(1_000_000, new RecordingEmitter());
        // nothing held yet: the minimum step (every answer at the shortest prompt plus one token) and both switches
        assertEquals(1_000_000 + p.minTrainStepUs() + 2 * p.switchUs, empty);
        for (int id = 0; id < 3; id++) {
            trainer.add(scored(id, 1_000_000 + 10L * id));
        }
        long held = trainer.advance(1_000_100, new RecordingEmitter());
        // three of the four answers held at 400 tokens each, the fourth at its shortest
        long bound = stepUs(p, 3L * (PROMPT + RESPONSE) + p.minPromptTokens + 1);
        assertEquals(1_000_100 + bound + 2 * p.switchUs, held);
        assertTrue(bound > p.minTrainStepUs(), bound + " vs " + p.minTrainStepUs());
        // the fourth arrives: the version comes out no earlier than the watermark promised
        assertVersionNotBefore(trainer, held);
    }

    @Test
    void shouldCountTheCompleteGroupsHeldInAsyncModeAndNothingElse() {
        // async: the next batch is the first groups to complete, so a complete group held belongs to it
        SimParams p = params(AsyncMode.ASYNC);
        TrainerSimulator trainer = new TrainerSimulator(p);
        trainer.add(scored(0, 1_000_000));
        // one answer of group 0: no complete group, the minimum step and the weight sync
        assertEquals(1_000_050 + p.minTrainStepUs() + p.weightSyncUs, trainer.advance(1_000_050, new RecordingEmitter()));
        for (int id = 1; id < 3; id++) {
            trainer.add(scored(id, 1_000_000 + 10L * id));
        }
        // group 0 complete (2 answers of 400 tokens), group 1 half: only group 0 counts, as 2 sequences
        long bound = SimTime.micros(p.trainStep(2L * (PROMPT + RESPONSE), 2).totalSeconds());
        assertTrue(bound > p.minTrainStepUs(), bound + " vs " + p.minTrainStepUs());
        long held = trainer.advance(1_000_100, new RecordingEmitter());
        assertEquals(1_000_100 + bound + p.weightSyncUs, held);
        // the batch completes: the version comes out no earlier than the watermark promised
        assertVersionNotBefore(trainer, held);
    }

    /** The batch's last answer (id 3) arrives: the version it completes is not before {@code watermarkUs}. */
    private static void assertVersionNotBefore(TrainerSimulator trainer, long watermarkUs) {
        trainer.add(scored(3, 1_000_200));
        RecordingEmitter out = new RecordingEmitter();
        trainer.advance(1_000_200, out);
        RecordingEmitter.At v = out.data.get(0);
        assertTrue(v.payload() instanceof PolicyVersion, String.valueOf(v.payload()));
        assertTrue(v.timeUs() >= watermarkUs, v.timeUs() + " vs " + watermarkUs);
    }

    @Test
    void shouldKeepTheMinimumStepWhereTheBatchIsNotKnownInAdvance() {
        // one-step-off may drop stale answers of any group: the minimum step
        SimParams p = params(AsyncMode.ONE_STEP_OFF);
        TrainerSimulator trainer = new TrainerSimulator(p);
        for (int id = 0; id < 3; id++) {
            trainer.add(scored(id, 1_000_000 + 10L * id));
        }
        assertEquals(1_000_100 + p.minTrainStepUs() + p.weightSyncUs, trainer.advance(1_000_100, new RecordingEmitter()));
    }

    @Test
    void shouldRefuseAVersionBeforeThePublishedWatermark() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainLookahead.checkKept(99, 100, 3));
        assertTrue(e.getMessage().contains("version 3 is available at 99 us, before its published watermark 100 us"),
                e.getMessage());
    }
}
