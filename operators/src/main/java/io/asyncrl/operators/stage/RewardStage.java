package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.reward.RewardSimulator;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.sim.core.StageSimulator;
import io.asyncrl.schemas.Trajectory;

/** Reward of one experiment. Input 0 = trajectories. Ends when the rollout's END arrives. */
public final class RewardStage extends Stage {
    RewardSimulator sim;
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
    protected StageSimulator simulator() {
        return sim;
    }

    @Override
    protected void onData(int input, Object payload) {
        Trajectory t = (Trajectory) payload;
        lastInputUs = Math.max(lastInputUs, t.getEndUs());
        sim.add(t);
    }

    @Override
    protected void onEnd(int input, StageOutput out) {
        finish(lastInputUs, sim.finish(lastInputUs, emitter(out)), out);
    }
}
