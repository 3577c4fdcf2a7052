package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.sim.rollout.RolloutShards;
import io.asyncrl.operators.sim.rollout.RolloutSimulator;
import io.asyncrl.operators.sim.rollout.RolloutState;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.Prompt;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Rollout of one experiment. Inputs: 0 = prompts, 1 = policy versions (the feedback edge).
 *
 * <p>The runner may offer several shards ({@link #offerShards}): each shard then receives every input
 * record and simulates its share of the instances ({@link RolloutShards}). A shard beyond what the
 * experiment can be split into ends at its SPEC without a record.
 */
public final class RolloutStage extends Stage<RolloutSimulator> {
    public static final int PROMPTS = 0;
    public static final int VERSIONS = 1;

    /** Set by the runner before each record, from where the record was routed; not state. */
    private transient int shard;
    private transient int offered = 1;

    public RolloutStage() {
        super("rollout", 2);
    }

    /** This stage is shard {@code index} of {@code offered} the runner routes the experiment to. */
    public RolloutStage offerShards(int index, int offered) {
        this.shard = index;
        this.offered = offered;
        return this;
    }

    @Override
    protected void start(SimParams params, StageOutput out) {
        int count = RolloutShards.count(params, offered);
        if (shard >= count) {
            endSilently();
            return;
        }
        produceAs(shard, count);
        sim = new RolloutSimulator(params, shard, count);
        out.emit(Envelopes.spec(params.spec));
    }

    @Override
    protected void onData(int input, Object payload) {
        if (input == PROMPTS) {
            sim.addPrompt((Prompt) payload);
        } else {
            sim.addVersion((PolicyVersion) payload);
        }
    }

    @Override
    protected void onEnd(int input, StageOutput out) {
        // The rollout ends on the last policy version, not on the prompts' END. The trainer sends its END
        // after the last version, which has been applied by then; an END without it means the trainer gave
        // up on the experiment (a stage failure): the rollout closes with what it has.
        if (input == VERSIONS && !sim.finished()) {
            finish(SimTime.NEVER, out);
        }
    }

    /** Closes the experiment once the last version has been applied. */
    @Override
    protected void afterSimulate(StageOutput out) {
        if (sim.finished() && !ended()) {
            finish(SimTime.NEVER, out);
        }
    }

    @Override
    protected void writeSimulator(DataOutput out) throws IOException {
        RolloutState.write(sim, out);
    }

    @Override
    protected RolloutSimulator readSimulator(DataInput in) throws IOException {
        return RolloutState.read(in);
    }
}
