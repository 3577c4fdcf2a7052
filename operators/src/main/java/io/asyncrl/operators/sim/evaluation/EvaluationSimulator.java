package io.asyncrl.operators.sim.evaluation;

import io.asyncrl.operators.sim.core.Emitter;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StageSimulator;
import io.asyncrl.operators.sim.core.TimedBuffer;
import io.asyncrl.operators.sim.core.Workload;

import io.asyncrl.hw.InstanceTiming;
import io.asyncrl.schemas.EvalResult;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.StageReport;
import java.util.HashMap;
import java.util.Map;

/**
 * Evaluation on dedicated devices: every {@code every_steps} versions the evaluation prompts are
 * split evenly over the evaluation instances, each prefilling its share as one batch and decoding
 * it to the configured answer length. Runs queue behind each other if a version arrives while the
 * previous evaluation is still going.
 */
public final class EvaluationSimulator implements StageSimulator {
    private transient SimParams params;
    TimedBuffer versions = new TimedBuffer();
    long freeAtUs;
    long busyUs;
    int runs;
    boolean finished;
    long finishedUs;
    long emittedWatermark = SimTime.UNKNOWN;

    public EvaluationSimulator() {}

    public EvaluationSimulator(SimParams params) {
        this.params = params;
    }

    @Override
    public void attach(SimParams params) {
        this.params = params;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    public void add(PolicyVersion v) {
        versions.add(v.getAvailableUs(), v.getVersion(), v);
    }

    int devices() {
        int d = params.spec.getEvaluation().getDevices();
        return d > 0 ? d : params.rolloutTp;
    }

    long durationUs() {
        var eval = params.spec.getEvaluation();
        InstanceTiming timing = params.rolloutTiming;
        int instances = Math.max(1, devices() / params.rolloutTp);
        int perInstance = (eval.getPrompts() + instances - 1) / instances;
        long promptTokens = Math.round(Workload.typical(params.spec.getWorkload().getPromptTokens()));
        long prefillTokens = perInstance * promptTokens;
        return SimTime.micros(timing.prefillPassSeconds(prefillTokens, perInstance * InstanceTiming.causalPairs(promptTokens))
                + timing.decodeSpanSeconds(perInstance, prefillTokens, eval.getResponseTokens()));
    }

    @Override
    public long advance(long watermarkUs, Emitter out) {
        int every = params.spec.getEvaluation().getEverySteps();
        while (!finished && !versions.isEmpty() && versions.headTimeUs() <= watermarkUs) {
            long t = versions.headTimeUs();
            PolicyVersion v = versions.poll(PolicyVersion.class);
            if (every > 0 && v.getVersion() > 0 && v.getVersion() % every == 0) {
                long start = Math.max(t, freeAtUs);
                long end = start + durationUs();
                freeAtUs = end;
                busyUs += end - start;
                runs++;
                out.data(end, new EvalResult(v.getVersion(), start, end, params.spec.getEvaluation().getPrompts(),
                        devices(), SimTime.seconds(end - start) * devices()));
            }
            if (v.getLast()) {
                finished = true;
                finishedUs = t;
            }
        }
        if (finished) {
            emittedWatermark = SimTime.NEVER;
        } else {
            long bound = SimTime.plus(Math.max(watermarkUs, freeAtUs), durationUs());
            emittedWatermark = Math.max(emittedWatermark, bound);
        }
        return emittedWatermark;
    }

    /** The totals, ending when the last version arrived (or nothing ran, if it never did). */
    @Override
    public StageReport finish(long endUs, Emitter out) {
        return report();
    }

    public StageReport report() {
        Map<String, Long> c = new HashMap<>();
        c.put("runs", (long) runs);
        boolean enabled = params.spec.getEvaluation().getEverySteps() > 0;
        return new StageReport("evaluation", finishedUs, SimTime.seconds(busyUs) * devices(),
                enabled ? devices() : 0, c);
    }
}
