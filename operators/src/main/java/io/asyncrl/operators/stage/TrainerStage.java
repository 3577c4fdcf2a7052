package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.sim.trainer.TrainerSimulator;
import io.asyncrl.operators.sim.trainer.TrainerState;
import io.asyncrl.schemas.ScoredTrajectory;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Trainer of one experiment. Input 0 = scored trajectories; output = policy versions. Publishes
 * version 0 as soon as it knows the experiment, and ends when the reward stage's END arrives (after
 * the last version, so everything still buffered is reported as pending).
 */
public final class TrainerStage extends Stage<TrainerSimulator> {

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
    protected void onData(int input, Object payload) {
        sim.add((ScoredTrajectory) payload);
    }

    @Override
    protected void onEnd(int input, StageOutput out) {
        // Pending outcomes are stamped 0: their time carries no meaning (they were never trained).
        finish(0L, out);
    }

    @Override
    protected void writeSimulator(DataOutput out) throws IOException {
        TrainerState.write(sim, out);
    }

    @Override
    protected TrainerSimulator readSimulator(DataInput in) throws IOException {
        return TrainerState.read(in);
    }
}
