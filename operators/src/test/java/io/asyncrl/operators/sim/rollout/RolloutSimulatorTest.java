package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.Emitter;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.operators.sim.core.Workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class RolloutSimulatorTest {
    private final List<Trajectory> out = new ArrayList<>();
    private final Emitter emitter = new Emitter() {
        @Override
        public void data(long timeUs, SpecificRecord payload) {
            out.add((Trajectory) payload);
        }

        @Override
        public void metric(long timeUs, SpecificRecord payload) {}
    };

    private static void assertKvMatchesSequences(RolloutSimulator sim) {
        for (RolloutInstance inst : sim.instances()) {
            long expected = 0;
            for (Sequence s : inst.running) {
                expected += s.contextTokens(inst.stepCounter);
            }
            for (Sequence s : inst.prefilling) {
                expected += (long) s.promptTokens + s.generatedAtJoin;
            }
            assertEquals(expected, inst.kvTokens, "instance " + inst.index + " KV accounting");
        }
    }

    @Test
    void shouldKeepKvAccountingExactAcrossInterruptionsAndPreemptions() {
        var spec = TestingSpecs.tiny(AsyncMode.ASYNC, 4, true, 3);
        SimParams params = new CatalogParamsResolver().resolve(spec);
        RolloutSimulator sim = new RolloutSimulator(params);
        for (long p = 0; p < params.promptCount(); p++) {
            sim.addPrompt(Workload.prompt(spec, p));
        }
        sim.addVersion(new PolicyVersion(0, 0L, 0L, false));
        for (int v = 1; v <= 4; v++) {
            sim.addVersion(new PolicyVersion(v, v * 400_000L, v * 500_000L, false));
        }
        for (long t = 100_000; t <= 3_000_000; t += 100_000) {
            sim.advance(t, emitter);
            assertKvMatchesSequences(sim);
        }
        assertTrue(out.stream().anyMatch(t -> t.getInterruptions() > 0), "partial rollout interrupted something");
        for (Trajectory t : out) {
            int tokens = t.getSpans().stream().mapToInt(s -> s.getTokens()).sum();
            assertEquals(t.getResponseTokens(), tokens, "spans cover every generated token");
            assertTrue(t.getEndVersion() >= t.getStartVersion());
        }
    }

    @Test
    void shouldRecomputeInterruptedSequencesAsSeparateSequencesNotOneConcatenatedPrompt() {
        var spec = TestingSpecs.tiny(AsyncMode.ASYNC, 4, true, 3);
        SimParams params = new CatalogParamsResolver().resolve(spec);
        var timing = params.rolloutTiming;
        RolloutInstance inst = new RolloutInstance(0, true, 4000);
        inst.onVersion(timing, 0, 0, 64);
        for (int i = 0; i < 16; i++) {
            inst.enqueue(new Sequence(i, i, 0, 100, 3000, 0, 0));
        }
        inst.tryStart(timing, 64);
        long admitted = inst.prefillEndUs;
        assertEquals(SimTime.micros(timing.prefillPassSeconds(1600, 16 * io.asyncrl.hw.InstanceTiming.causalPairs(100))),
                admitted, "16 prompts of 100 tokens prefill as 16 sequences");
        inst.processEvent(timing, 64, (t, traj) -> {});
        // Decode 400 steps, then a new version interrupts all 16: each recomputes its own 500 tokens.
        long at = admitted + SimTime.micros(timing.decodeSpanSeconds(16, 1600, 400));
        inst.onVersion(timing, at, 1, 64);
        long ctx = 0;
        for (Sequence s : inst.prefilling) {
            assertEquals(1, s.interruptions);
            ctx += s.promptTokens + s.generatedAtJoin;
        }
        long per = ctx / 16;
        assertEquals(SimTime.micros(timing.prefillPassSeconds(ctx, 16 * io.asyncrl.hw.InstanceTiming.causalPairs(per))),
                inst.prefillEndUs - inst.clock);
    }

    @Test
    void shouldGiveTheSameCompletionsWhateverTheWatermarkStrides() {
        var spec = TestingSpecs.tiny(AsyncMode.ASYNC, 2, true, 9);
        SimParams params = new CatalogParamsResolver().resolve(spec);
        List<String> fine = completions(params, spec, 50_000);
        List<String> coarse = completions(params, spec, 2_000_000);
        assertEquals(fine, coarse);
    }

    private List<String> completions(SimParams params, io.asyncrl.schemas.ExperimentSpec spec, long stride) {
        out.clear();
        RolloutSimulator sim = new RolloutSimulator(params);
        for (long p = 0; p < params.promptCount(); p++) {
            sim.addPrompt(Workload.prompt(spec, p));
        }
        sim.addVersion(new PolicyVersion(0, 0L, 0L, false));
        sim.addVersion(new PolicyVersion(1, 700_000L, 900_000L, false));
        sim.addVersion(new PolicyVersion(2, 1_700_000L, 1_900_000L, false));
        for (long t = stride; t <= 4_000_000; t += stride) {
            sim.advance(t, emitter);
        }
        return out.stream().map(t -> t.getTrajectoryId() + "@" + t.getEndUs() + "/" + t.getSpans()).toList();
    }
}
