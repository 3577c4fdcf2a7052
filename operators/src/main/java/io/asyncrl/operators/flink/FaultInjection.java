package io.asyncrl.operators.flink;

import io.asyncrl.operators.stage.Batches;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import java.io.Serializable;

/**
 * Makes one stage's first subtask fail once, on its first attempt, at the first data record at or after a
 * simulated time, and only after at least one checkpoint has completed (so recovery restores state
 * rather than starting over). For recovery tests and drills; never set in normal runs.
 *
 * @param stage the stage whose task fails: rollout, reward, trainer, evaluation or summary
 * @param atUs simulated time from which the failure triggers
 * @param everyAttempt fail on every attempt, not only the first: a run that cannot recover
 * @param bugInExperiment when set, no task fails: instead the stage throws an ordinary error (a bug in the
 *     simulation, on every attempt) for each data record at or after {@code atUs} of experiments whose id
 *     contains this text, which the stage must contain to that experiment
 */
public record FaultInjection(String stage, long atUs, boolean everyAttempt, String bugInExperiment)
        implements Serializable {

    public FaultInjection(String stage, long atUs) {
        this(stage, atUs, false, null);
    }

    public FaultInjection(String stage, long atUs, boolean everyAttempt) {
        this(stage, atUs, everyAttempt, null);
    }

    /** A deterministic error in {@code stage} for the experiments whose id contains {@code experiment}. */
    public static FaultInjection bug(String stage, long atUs, String experiment) {
        return new FaultInjection(stage, atUs, true, experiment);
    }

    /** Failures injected in this JVM so far (a MiniCluster runs tasks in the test's JVM). */
    public static final java.util.concurrent.atomic.AtomicInteger INJECTED = new java.util.concurrent.atomic.AtomicInteger();

    /** Thrown to fail the task. */
    public static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }

    void check(String stageName, SimEvent e, int subtask, int attempt, long completedCheckpoints) {
        if (bugInExperiment != null) {
            long at = dataTimeFrom(e, atUs);
            if (stage.equals(stageName) && at != NONE && e.getExperimentId().contains(bugInExperiment)) {
                throw new IllegalStateException("injected bug in " + stageName + " at simulated time " + at + " us");
            }
            return;
        }
        if (stage.equals(stageName) && subtask == 0 && (everyAttempt || attempt == 0) && (everyAttempt || completedCheckpoints > 0)) {
            long at = dataTimeFrom(e, atUs);
            if (at != NONE) {
                INJECTED.incrementAndGet();
                throw new InjectedFailure("injected failure in " + stageName + " at simulated time " + at
                        + " us (experiment " + e.getExperimentId() + ")");
            }
        }
    }

    private static final long NONE = Long.MIN_VALUE;

    /** The time of the first data record {@code e} holds (itself, or a batch's item) at or after {@code fromUs}. */
    private static long dataTimeFrom(SimEvent e, long fromUs) {
        long[] at = {NONE};
        if (e.getKind() == EventKind.DATA || e.getKind() == EventKind.BATCH) {
            Batches.forEach(e, d -> {
                if (at[0] == NONE && d.getTimeUs() >= fromUs) {
                    at[0] = d.getTimeUs();
                }
            });
        }
        return at[0];
    }
}
