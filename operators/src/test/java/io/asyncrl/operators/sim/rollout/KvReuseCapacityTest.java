package io.asyncrl.operators.sim.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.operators.sim.core.Emitter;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.operators.sim.core.Workload;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.DelayDist;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.EnvironmentSpec;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.KvRetention;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.Trajectory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Kept KV caches share the instance's memory with running sequences: over seeds, with a cache small
 * enough that holds must be evicted, the cache never holds more than its capacity, and its count is
 * exactly the running and prefilling contexts plus the holds.
 */
class KvReuseCapacityTest {
    private static final long CAPACITY = 4_000;

    private static ExperimentSpec spec(long seed) {
        ExperimentSpec s = TestingSpecs.tiny(AsyncMode.ASYNC, 2, true, seed);
        var w = s.getWorkload();
        // longest context: 512 + 4 x 512 + 3 x 300 = 3,460 tokens, within the 4,000-token cache
        w.setResponseTokens(LengthDist.newBuilder().setDist(DistKind.LOGNORMAL).setMedian(150).setSigma(0.8)
                .setMin(1).setMax(512).build());
        w.setTurns(LengthDist.newBuilder().setDist(DistKind.UNIFORM).setMin(1).setMax(4).build());
        w.setToolTokens(LengthDist.newBuilder().setDist(DistKind.UNIFORM).setMin(50).setMax(300).build());
        w.setEnvironment(EnvironmentSpec.newBuilder().setWorkers(3)
                .setLatencySeconds(DelayDist.newBuilder().setDist(DistKind.LOGNORMAL).setMedian(0.5).setSigma(1.0)
                        .setMin(0.0).setMax(10).build())
                .setKvCache(KvRetention.KEEP).setKvTtlSeconds(3.0).build());
        return s;
    }

    @Test
    void shouldNeverHoldMoreThanTheKvCapacityWhateverTheSeed() {
        long evictions = 0;
        long reused = 0;
        for (long seed = 1; seed <= 12; seed++) {
            ExperimentSpec spec = spec(seed);
            SimParams params = LinearTimingHardware.params(spec, CAPACITY);
            RolloutSimulator sim = new RolloutSimulator(params);
            for (long p = 0; p < params.promptCount(); p++) {
                sim.addPrompt(Workload.prompt(spec, p));
            }
            sim.addVersion(new PolicyVersion(0, 0L, 0L, false));
            for (int v = 1; v <= 5; v++) {
                sim.addVersion(new PolicyVersion(v, v * 3_000_000L, v * 3_000_000L + 100_000L, false));
            }
            Emitter none = new Emitter() {
                @Override
                public void data(long timeUs, SpecificRecord payload) {
                    Trajectory t = (Trajectory) payload;
                    assertEquals(t.getResponseTokens(), t.getSpans().stream().mapToInt(s -> s.getTokens()).sum(),
                            "every generated token has its version, across turns");
                }

                @Override
                public void metric(long timeUs, SpecificRecord payload) {}
            };
            for (long t = 50_000; t <= 40_000_000; t += 50_000) {
                sim.advance(t, none);
                for (RolloutInstance inst : sim.instances()) {
                    long expected = inst.turns.holds.tokens();
                    for (Sequence s : inst.running) {
                        expected += s.contextTokens(inst.stepCounter);
                    }
                    for (Sequence s : inst.prefilling) {
                        expected += (long) s.promptTokens + s.generatedAtJoin;
                    }
                    assertEquals(expected, inst.kvTokens, "seed " + seed + " instance " + inst.index + " KV accounting");
                    assertTrue(inst.kvTokens <= CAPACITY, "seed " + seed + ": " + inst.kvTokens + " tokens cached");
                }
            }
            for (RolloutInstance inst : sim.instances()) {
                assertTrue(inst.turns.maxKvTokens <= CAPACITY, "seed " + seed);
                evictions += inst.turns.holds.evictions();
                reused += inst.turns.reusedTokens;
            }
        }
        assertTrue(evictions > 0, "the cache was small enough that kept caches had to be evicted");
        assertTrue(reused > 0, "and kept caches were reused");
    }
}
