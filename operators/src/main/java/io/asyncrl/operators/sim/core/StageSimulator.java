package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.StageReport;

/** What every stage's simulator offers the watermark protocol around it. */
public interface StageSimulator {

    /** Re-attaches resolved parameters (not kept in state) after a restore. */
    void attach(SimParams params);

    /**
     * Processes everything up to and including {@code watermarkUs}; returns the output watermark, a
     * time before which the stage will emit nothing more.
     */
    long advance(long watermarkUs, Emitter out);

    /**
     * Whether the simulation ended on its own (the rollout and the evaluation after the last policy
     * version); the others end when their stage calls {@link #finish}.
     */
    default boolean finished() {
        return false;
    }

    /**
     * Closes the experiment: emits what is left (the trainer's untrained trajectories as pending
     * outcomes) and returns the stage's totals for the metrics topic. {@code endUs} is the stage's
     * view of the end (its last input), used by simulators that do not track their own.
     */
    StageReport finish(long endUs, Emitter out);
}
