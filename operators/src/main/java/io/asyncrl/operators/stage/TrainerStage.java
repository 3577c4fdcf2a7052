package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.Emitter;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.sim.core.StageSimulator;
import io.asyncrl.operators.sim.trainer.TrainerSimulator;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.StageReport;
import java.util.ArrayList;
import java.util.List;

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
        List<StageReport> report = new ArrayList<>(1);
        Emitter e = emitter(out);
        sim.finish(0L, new Emitter() {
            @Override
            public void data(long timeUs, org.apache.avro.specific.SpecificRecord payload) {
                e.data(timeUs, payload);
            }

            @Override
            public void metric(long timeUs, org.apache.avro.specific.SpecificRecord payload) {
                if (payload instanceof StageReport r) {
                    report.add(r);
                } else {
                    e.metric(timeUs, payload);
                }
            }
        });
        StageReport r = report.get(0);
        finish(r.getEndUs(), r, out);
    }
}
