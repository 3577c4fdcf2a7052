package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.sim.core.Workload;
import io.asyncrl.schemas.ExperimentSpec;

/**
 * Turns a submitted experiment into its prompts topic: the SPEC, every prompt the run can need (all
 * available at time 0), and a watermark at the end of time. Stateless: a repeated expansion numbers
 * its records identically, so the rollout drops the repeat.
 */
public final class PromptStage {
    private PromptStage() {}

    public static void emit(ExperimentSpec spec, SimParams params, StageOutput output) {
        String id = spec.getId();
        StageOutput out = new StageOutputStamp(PipelineGraph.SOURCE_PRODUCER).wrap(output);
        out.emit(Envelopes.spec(spec));
        long count = params.promptCount();
        for (long p = 0; p < count; p++) {
            out.emit(Envelopes.data(id, 0L, Workload.prompt(spec, p)));
        }
        out.emit(Envelopes.watermark(id, SimTime.NEVER));
    }
}
