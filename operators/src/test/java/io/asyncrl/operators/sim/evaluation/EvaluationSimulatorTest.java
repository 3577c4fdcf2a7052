package io.asyncrl.operators.sim.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.RecordingEmitter;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.EvalResult;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.StageReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When evaluation runs and how runs queue, computed by hand in units of D, one run's duration (the
 * hardware model's prefill and decode time, which this test does not recompute).
 */
class EvaluationSimulatorTest {

    private static ExperimentSpec spec(int devices, int prompts) {
        ExperimentSpec spec = TestingSpecs.tinySplit(AsyncMode.ASYNC, 2, false, 9);
        spec.getEvaluation().setEverySteps(2);
        spec.getEvaluation().setPrompts(prompts);
        spec.getEvaluation().setDevices(devices);
        return spec;
    }

    private static EvaluationSimulator simulator(int devices, int prompts) {
        return new EvaluationSimulator(new CatalogParamsResolver().resolve(spec(devices, prompts)));
    }

    @Test
    void shouldEvaluateEveryNthVersionAndQueueRunsBehindEachOther() {
        EvaluationSimulator e = simulator(1, 16);
        long d = e.durationUs();
        assertTrue(d > 2, "a run takes time: " + d);
        e.add(new PolicyVersion(0, 0L, 0L, false));
        e.add(new PolicyVersion(1, 1_000_000L, 1_000_000L, false));
        e.add(new PolicyVersion(2, 2_000_000L, 2_000_000L, false));
        e.add(new PolicyVersion(3, 2_000_001L, 2_000_001L, false));
        e.add(new PolicyVersion(4, 2_000_002L, 2_000_002L, false));
        RecordingEmitter out = new RecordingEmitter();

        long watermark = e.advance(2_000_002L, out);

        // every_steps 2: versions 2 and 4 (version 0 is the initial policy, 1 and 3 are skipped).
        // Version 2 runs from 2,000,000 to 2,000,000 + D; version 4 arrives at 2,000,002, before that
        // run ends (D > 2), so it starts at 2,000,000 + D and ends at 2,000,000 + 2D.
        List<EvalResult> runs = out.data.stream().map(a -> (EvalResult) a.payload()).toList();
        assertEquals(List.of(2, 4), runs.stream().map(EvalResult::getVersion).toList());
        assertEquals(2_000_000L, runs.get(0).getStartUs());
        assertEquals(2_000_000L + d, runs.get(0).getEndUs());
        assertEquals(2_000_000L + d, runs.get(1).getStartUs());
        assertEquals(2_000_000L + 2 * d, runs.get(1).getEndUs());
        assertEquals(List.of(2_000_000L + d, 2_000_000L + 2 * d), out.data.stream().map(RecordingEmitter.At::timeUs).toList());
        // The next run could start when the device frees (2,000,000 + 2D) and end D later.
        assertEquals(2_000_000L + 3 * d, watermark);

        e.add(new PolicyVersion(5, 3_000_000_000L, 3_000_000_000L, true));
        assertEquals(SimTime.NEVER, e.advance(3_000_000_000L, out), "the last version ends the stage");
        StageReport report = e.report();
        assertEquals(2L, report.getCounters().get("runs"));
        // 2 runs of D us on 1 device.
        assertEquals(2 * SimTime.seconds(d), report.getBusyDeviceSeconds(), 1e-9);
        assertEquals(1, report.getDevices());
        assertEquals(3_000_000_000L, report.getEndUs());
    }

    @Test
    void shouldSplitThePromptsEvenlyOverTheEvaluationInstances() {
        // The tiny spec's rollout tp is 1: 2 devices are 2 instances; ceil(16 / 2) = 8 prompts each, the
        // same work per instance as 8 prompts on 1 instance; ceil(15 / 2) = 8 as well.
        assertEquals(simulator(1, 8).durationUs(), simulator(2, 16).durationUs());
        assertEquals(simulator(2, 16).durationUs(), simulator(2, 15).durationUs());
        assertTrue(simulator(1, 16).durationUs() > simulator(2, 16).durationUs(), "twice the prompts per instance");
    }
}
