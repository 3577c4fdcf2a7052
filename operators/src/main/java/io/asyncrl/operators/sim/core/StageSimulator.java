package io.asyncrl.operators.sim.core;

/** What every stage's simulator offers the watermark protocol around it. */
public interface StageSimulator {

    /** Re-attaches resolved parameters (not kept in state) after a restore. */
    void attach(SimParams params);

    /**
     * Processes everything up to and including {@code watermarkUs}; returns the output watermark, a
     * time before which the stage will emit nothing more.
     */
    long advance(long watermarkUs, Emitter out);
}
