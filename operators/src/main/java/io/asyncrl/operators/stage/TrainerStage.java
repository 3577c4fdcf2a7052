package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.sim.core.StageSimulator;
import io.asyncrl.operators.sim.trainer.TrainerSimulator;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.StageReport;

/**
 * Trainer of one experiment. Input 0 = scored trajectories; output = policy versions. Publishes
 * version 0 as soon as it knows the experiment, and ends when the reward stage's END arrives (after
 * the last version, so everything still buffered is reported as pending).
 */
public final class TrainerStage extends Stage {
    TrainerSimulator sim;

    public TrainerStage() {
        super("trainer", 1);
    }

    @Override
    protected void start(SimParams params, StageOutput out) {
        sim = new TrainerSimulator(params);
        out.emit(Envelopes.spec(params.spec));
        out.metric(Envelopes.spec(params.spec));
        emitter(out).data(0L, sim.initialVersion());
        advance(out);
    }

    @Override
    protected StageSimulator simulator() {
        return sim;
    }

    @Override
    protected void onData(int input, Object payload) {
        sim.add((ScoredTrajectory) payload);
    }

    @Override
    protected void onEnd(int input, StageOutput out) {
        // Pending outcomes are stamped 0: their time carries no meaning (they were never trained).
        StageReport r = sim.finish(0L, emitter(out));
        finish(r.getEndUs(), r, out);
    }
}
