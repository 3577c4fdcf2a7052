package io.asyncrl.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.operators.sim.core.Workload;
import io.asyncrl.operators.stage.Envelopes;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.DelayDist;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.EnvironmentSpec;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.SimEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The rollout of a multi-turn workload restored from a snapshot taken while trajectories are in environment
 * steps, with KV caches held and a turn barrier pending, continues exactly as the uninterrupted run: the
 * environment pool, the holds and the turn states are all carried in the stage's state.
 */
class MultiTurnRestoreTest {
    private static final KeySelector<SimEvent, String> KEY = SimEvent::getExperimentId;

    private static ExperimentSpec spec() {
        ExperimentSpec s = TestingSpecs.tiny(AsyncMode.ASYNC, 2, true, 4);
        var w = s.getWorkload();
        w.setTurns(LengthDist.newBuilder().setDist(DistKind.UNIFORM).setMin(1).setMax(4).build());
        w.setToolTokens(LengthDist.newBuilder().setDist(DistKind.UNIFORM).setMin(20).setMax(200).build());
        w.setEnvironment(EnvironmentSpec.newBuilder().setWorkers(2)
                .setLatencySeconds(DelayDist.newBuilder().setDist(DistKind.LOGNORMAL).setMedian(0.8).setSigma(0.7)
                        .setMin(0.0).setMax(10).build())
                .setKvTtlSeconds(1.5).build());
        return s;
    }

    private record Input(boolean first, SimEvent event) {}

    private static List<Input> inputs(ExperimentSpec spec) {
        String id = spec.getId();
        List<Input> in = new ArrayList<>();
        in.add(new Input(true, Envelopes.spec(spec)));
        long prompts = new CatalogParamsResolver().resolve(spec).promptCount();
        for (long p = 0; p < prompts; p++) {
            in.add(new Input(true, Envelopes.data(id, 0, Workload.prompt(spec, p))));
        }
        in.add(new Input(true, Envelopes.watermark(id, SimTime.NEVER)));
        in.add(new Input(false, Envelopes.spec(spec)));
        in.add(new Input(false, Envelopes.data(id, 0, new PolicyVersion(0, 0L, 0L, false))));
        for (int v = 1; v <= 3; v++) {
            long at = v * 4_000_000L;
            in.add(new Input(false, Envelopes.data(id, at, new PolicyVersion(v, at - 100_000L, at, false))));
        }
        for (long t = 250_000; t <= 20_000_000; t += 250_000) {
            in.add(new Input(false, Envelopes.watermark(id, t)));
        }
        return in;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, SimEvent, SimEvent, SimEvent> rollout() throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new RolloutFunction(new CatalogParamsResolver())), KEY, KEY, Types.STRING);
    }

    private static void feed(KeyedTwoInputStreamOperatorTestHarness<String, SimEvent, SimEvent, SimEvent> h, List<Input> in)
            throws Exception {
        for (Input i : in) {
            if (i.first()) {
                h.processElement1(i.event(), 0);
            } else {
                h.processElement2(i.event(), 0);
            }
        }
    }

    private static List<String> data(List<SimEvent> events) {
        return events.stream().filter(e -> e.getKind() == EventKind.DATA).map(String::valueOf).sorted().toList();
    }

    @Test
    void shouldRestoreMidTurnAndContinueAsIfUninterrupted() throws Exception {
        ExperimentSpec spec = spec();
        List<Input> in = inputs(spec);
        List<String> reference;
        try (var h = rollout()) {
            h.open();
            feed(h, in);
            reference = data(h.extractOutputValues());
        }
        int cut = in.size() - 60; // after the watermark at 5 s: mid-run, trajectories in environment steps
        List<SimEvent> resumed = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = rollout()) {
            h.open();
            feed(h, in.subList(0, cut));
            resumed.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1L, 0L);
        }
        try (var h = rollout()) {
            h.initializeState(snapshot);
            h.open();
            feed(h, in.subList(cut, in.size()));
            resumed.addAll(h.extractOutputValues());
        }
        assertTrue(reference.size() > 40, "trajectories generated: " + reference.size());
        assertTrue(reference.stream().anyMatch(s -> s.contains("\"interruptions\": 1")), "partial rollout in play");
        assertEquals(reference, data(resumed));
    }
}
