package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.sim.reward.RewardSimulator;
import io.asyncrl.operators.sim.reward.RewardState;
import io.asyncrl.schemas.Trajectory;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Reward of one experiment. Input 0 = trajectories. Ends when the rollout's END arrives. */
public final class RewardStage extends Stage<RewardSimulator> {
    long lastInputUs;

    public RewardStage() {
        super("reward", 1);
    }

    @Override
    protected void start(SimParams params, StageOutput out) {
        sim = new RewardSimulator(params);
        out.emit(Envelopes.spec(params.spec));
    }

    @Override
    protected void onData(int input, Object payload) {
        Trajectory t = (Trajectory) payload;
        lastInputUs = Math.max(lastInputUs, t.getEndUs());
        sim.add(t);
    }

    @Override
    protected void onEnd(int input, StageOutput out) {
        finish(lastInputUs, out);
    }

    @Override
    protected void writeSimulator(DataOutput out) throws IOException {
        out.writeLong(lastInputUs);
        RewardState.write(sim, out);
    }

    @Override
    protected RewardSimulator readSimulator(DataInput in) throws IOException {
        lastInputUs = in.readLong();
        return RewardState.read(in);
    }
}
