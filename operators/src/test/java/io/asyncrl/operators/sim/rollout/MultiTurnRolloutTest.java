package io.asyncrl.operators.sim.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.operators.sim.core.Emitter;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.operators.sim.core.Workload;
import io.asyncrl.schemas.AlgorithmKind;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.DelayDist;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.EnvExecution;
import io.asyncrl.schemas.EnvironmentSpec;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.KvRetention;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.RoleSpec;
import io.asyncrl.schemas.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Multi-turn trajectories on one instance whose costs are round numbers ({@link LinearTimingHardware}:
 * 100 us per prefilled token, 10 ms per decode iteration), so each timeline below is computed by hand.
 */
class MultiTurnRolloutTest {
    private final List<Trajectory> out = new ArrayList<>();
    private final Emitter emitter = new Emitter() {
        @Override
        public void data(long timeUs, SpecificRecord payload) {
            out.add((Trajectory) payload);
        }

        @Override
        public void metric(long timeUs, SpecificRecord payload) {}
    };

    private static LengthDist fixed(int v) {
        return LengthDist.newBuilder().setDist(DistKind.FIXED).setValue(v).build();
    }

    /** One rollout instance; {@code groupSize} trajectories of 3 turns: prompt 100, 50 generated per turn, 20 tool tokens, 2 s steps on one worker. */
    static ExperimentSpec threeTurns(int groupSize, KvRetention kv, EnvExecution execution) {
        ExperimentSpec s = TestingSpecs.tiny(AsyncMode.ASYNC, 0, false, 1);
        s.getAlgorithm().setKind(AlgorithmKind.PPO);
        s.getAlgorithm().setGroupSize(groupSize);
        s.getAlgorithm().setPromptsPerStep(1);
        s.getAlgorithm().setMinibatches(1);
        s.getAlgorithm().setSteps(1);
        s.getCluster().setRollout(RoleSpec.newBuilder().setDevices(1).setTp(1).build());
        s.getCluster().setTrain(RoleSpec.newBuilder().setDevices(1).setTp(1).build());
        var w = s.getWorkload();
        w.setPromptTokens(fixed(100));
        w.setResponseTokens(fixed(50));
        w.setTurns(fixed(3));
        w.setToolTokens(fixed(20));
        w.setEnvironment(EnvironmentSpec.newBuilder().setWorkers(1)
                .setLatencySeconds(DelayDist.newBuilder().setDist(DistKind.FIXED).setValue(2.0).build())
                .setExecution(execution).setKvCache(kv).build());
        return s;
    }

    private RolloutSimulator run(ExperimentSpec spec, long capacity) {
        SimParams params = LinearTimingHardware.params(spec, capacity);
        RolloutSimulator sim = new RolloutSimulator(params);
        for (long p = 0; p < params.promptCount(); p++) {
            sim.addPrompt(Workload.prompt(spec, p));
        }
        sim.addVersion(new PolicyVersion(0, 0L, 0L, false));
        sim.advance(SimTime.NEVER - 1, emitter);
        return sim;
    }

    @Test
    void shouldTakeTheHandComputedTimeForAThreeTurnTrajectoryWithItsCacheKept() {
        run(threeTurns(1, KvRetention.KEEP, EnvExecution.ASYNC), 1_000_000);
        // turn 0: prefill 100 tokens x 100 us = 10,000 us; decode 50 x 10 ms = 500,000 us      -> 510,000
        // environment step 2 s                                                                -> 2,510,000
        // turn 1: the 150 tokens before are cached, prefill the 20 tool tokens = 2,000 us      -> 2,512,000
        //         decode 50 = 500,000 us                                                      -> 3,012,000
        // environment step 2 s                                                                -> 5,012,000
        // turn 2: prefill 20 = 2,000 us -> 5,014,000; decode 50 = 500,000 us                  -> 5,514,000
        assertEquals(1, out.size());
        Trajectory t = out.get(0);
        assertEquals(5_514_000L, t.getEndUs());
        assertEquals(0L, t.getStartUs());
        assertEquals(100 + 20 + 20, t.getPromptTokens(), "the trained context holds both tool outputs");
        assertEquals(150, t.getResponseTokens(), "three turns of 50");
        assertEquals(150, t.getSpans().stream().mapToInt(s -> s.getTokens()).sum());
    }

    @Test
    void shouldPayTheRePrefillWhenTheCacheIsDroppedBetweenTurns() {
        RolloutSimulator sim = run(threeTurns(1, KvRetention.DROP, EnvExecution.ASYNC), 1_000_000);
        // As above, but turn 1 re-prefills prompt 100 + turn 50 + tool 20 = 170 tokens = 17,000 us, and turn 2
        // 100 + 50 + 20 + 50 + 20 = 240 tokens = 24,000 us:
        // 10,000 + 500,000 + 2,000,000 + 17,000 + 500,000 + 2,000,000 + 24,000 + 500,000 = 5,551,000 us,
        // 37,000 us later than with the cache kept: the (150 + 220) context tokens recomputed x 100 us.
        assertEquals(1, out.size());
        assertEquals(5_551_000L, out.get(0).getEndUs());
        InstanceTurns turns = sim.instances().get(0).turns;
        assertEquals(0, turns.reusedTokens);
        assertEquals(170 + 240, turns.turnPrefillTokens);
    }

    @Test
    void shouldLetTheInstanceWorkDuringEnvironmentStepsOnlyWhenAsynchronous() {
        run(threeTurns(2, KvRetention.KEEP, EnvExecution.ASYNC), 1_000_000);
        // Two identical trajectories A (id 0) and B (id 1), one environment worker.
        // Both: prefill 200 tokens = 20,000 us, decode 50 -> 520,000. Steps: A [0.52, 2.52] s, B [2.52, 4.52] s.
        // A: back 2.52, prefill 20 -> 2.522, decode -> 3.022; its step waits for the worker: [4.52, 6.52].
        // B: back 4.52, prefill 20 -> 4.522, decode -> 5.022; step [6.52, 8.52].
        // A: back 6.52 -> 6.522 -> 7.022 done. B: back 8.52 -> 8.522 -> 9.022 done.
        assertEquals(List.of(7_022_000L, 9_022_000L), out.stream().map(Trajectory::getEndUs).toList());
        out.clear();
        run(threeTurns(2, KvRetention.KEEP, EnvExecution.TURN_SYNC), 1_000_000);
        // Turn-sync: both end turn 0 at 0.52 s; steps A [0.52, 2.52], B [2.52, 4.52]; the instance waits for both.
        // 4.52: prefill 2 x 20 = 40 tokens = 4,000 us -> 4.524, decode -> 5.024; steps A [5.024, 7.024],
        // B [7.024, 9.024]; 9.024: prefill 40 -> 9.028, decode -> 9.528: both end at 9,528,000 us.
        assertEquals(List.of(9_528_000L, 9_528_000L), out.stream().map(Trajectory::getEndUs).toList());
    }
}
