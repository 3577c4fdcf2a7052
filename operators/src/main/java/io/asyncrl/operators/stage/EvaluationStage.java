package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.sim.evaluation.EvaluationSimulator;
import io.asyncrl.operators.sim.evaluation.EvaluationState;
import io.asyncrl.schemas.PolicyVersion;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Evaluation of one experiment. Input 0 = policy versions; output = evaluation results. */
public final class EvaluationStage extends Stage<EvaluationSimulator> {

    public EvaluationStage() {
        super("evaluation", 1);
    }

    @Override
    protected void start(SimParams params, StageOutput out) {
        sim = new EvaluationSimulator(params);
    }

    @Override
    protected void onData(int input, Object payload) {
        sim.add((PolicyVersion) payload);
    }

    @Override
    protected void afterSimulate(StageOutput out) {
        if (sim.finished() && !ended()) {
            finish(SimTime.NEVER, out);
        }
    }

    /**
     * The trainer's END follows its last version, which has ended the stage by then; an END without it means
     * the trainer gave up on the experiment (a stage failure): the evaluation closes with what it has.
     */
    @Override
    protected void onEnd(int input, StageOutput out) {
        if (!ended()) {
            finish(SimTime.NEVER, out);
        }
    }

    @Override
    protected void writeSimulator(DataOutput out) throws IOException {
        EvaluationState.write(sim, out);
    }

    @Override
    protected EvaluationSimulator readSimulator(DataInput in) throws IOException {
        return EvaluationState.read(in);
    }
}
