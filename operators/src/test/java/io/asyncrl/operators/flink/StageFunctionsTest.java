package io.asyncrl.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.operators.sim.core.Workload;
import io.asyncrl.operators.stage.Envelopes;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.VersionSpan;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The Flink functions on Flink's operator test harnesses: outputs, and state going back to one mark. */
class StageFunctionsTest {
    private static final KeySelector<SimEvent, String> KEY = SimEvent::getExperimentId;
    private final ExperimentSpec spec = TestingSpecs.tiny(AsyncMode.ASYNC, 1, false, 1);
    private final String id = spec.getId();

    private Trajectory trajectory(long trajectoryId, long endUs) {
        return new Trajectory(trajectoryId, trajectoryId / 4, (int) (trajectoryId % 4), 100, 200, 0, 0L, 0L, endUs,
                0, 0, 0, 0, List.of(new VersionSpan(0, 200)), 0, -1);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, SimEvent, SimEvent> reward() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new StageFunction<>(PipelineGraph.stage("reward"), new CatalogParamsResolver())),
                KEY, Types.STRING);
        h.open();
        return h;
    }

    @Test
    void shouldScoreOnlyWhatTheWatermarkHasPassed() throws Exception {
        try (var h = reward()) {
            h.processElement(Envelopes.spec(spec), 0);
            h.processElement(Envelopes.data(id, 5_000_000, trajectory(1, 5_000_000)), 0);
            h.processElement(Envelopes.data(id, 1_000_000, trajectory(0, 1_000_000)), 0);
            h.processElement(Envelopes.watermark(id, 2_000_000), 0);
            List<SimEvent> out = h.extractOutputValues();
            List<ScoredTrajectory> scored = out.stream().filter(e -> e.getKind() == EventKind.DATA)
                    .map(e -> (ScoredTrajectory) e.getPayload()).toList();
            assertEquals(1, scored.size(), "only the trajectory before the watermark is scored");
            assertEquals(0, scored.get(0).getTrajectory().getTrajectoryId());
            SimEvent last = out.get(out.size() - 1);
            assertEquals(EventKind.WATERMARK, last.getKind());
            assertTrue(last.getTimeUs() > 2_000_000, "the output watermark looks ahead by the scoring cost");
        }
    }

    @Test
    void shouldKeepOnlyAnEndedMarkWhenTheExperimentEnds() throws Exception {
        try (var h = reward()) {
            h.processElement(Envelopes.spec(spec), 0);
            h.processElement(Envelopes.data(id, 1_000_000, trajectory(0, 1_000_000)), 0);
            h.processElement(Envelopes.watermark(id, 1_000_000), 0);
            assertEquals(1, h.numKeyedStateEntries());
            h.processElement(Envelopes.watermark(id, SimTime.NEVER), 0);
            h.processElement(Envelopes.end(id, 2_000_000, null), 0);
            // StageFunction registers no Flink timers (simulated time travels in-band as watermark records),
            // so keyed state is all there is to clear; the ended mark is what stays.
            assertEquals(1, h.numKeyedStateEntries(), "the ended mark only");
            assertEquals(1, h.getSideOutput(Outputs.METRICS).size(), "the stage's END report");
            // The upstream's closing records after the end must not bring the experiment back.
            h.processElement(Envelopes.watermark(id, SimTime.NEVER), 0);
            assertEquals(1, h.numKeyedStateEntries());
        }
    }

    @Test
    void shouldLeaveExpiredMarksOutOfItsCheckpoints() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = reward()) {
            h.setStateTtlProcessingTime(0);
            for (SimEvent e : List.of(Envelopes.spec(spec), Envelopes.watermark(id, SimTime.NEVER),
                    Envelopes.end(id, 1_000_000, null))) {
                h.processElement(e, 0);
            }
            assertEquals(1, h.numKeyedStateEntries(), "the ended mark");
            h.setStateTtlProcessingTime(java.time.Duration.ofDays(1).toMillis() - 1);
            try (var restored = reward(h.snapshot(1L, 0L))) {
                assertEquals(1, restored.numKeyedStateEntries(), "kept for a day");
            }
            h.setStateTtlProcessingTime(java.time.Duration.ofDays(1).toMillis() + 1);
            snapshot = h.snapshot(2L, 0L);
        }
        try (var restored = reward(snapshot)) {
            assertEquals(0, restored.numKeyedStateEntries(), "a checkpoint after a day holds no mark");
        }
    }

    private KeyedOneInputStreamOperatorTestHarness<String, SimEvent, SimEvent> reward(
            org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new StageFunction<>(PipelineGraph.stage("reward"), new CatalogParamsResolver())),
                KEY, Types.STRING);
        h.initializeState(snapshot);
        h.open();
        return h;
    }

    @Test
    void shouldIgnoreAnExperimentSentAgainAfterItsEnd() throws Exception {
        // What an upstream's at-least-once sink writes again after its recovery: the whole experiment, SPEC first,
        // after this stage has ended it (and cleared the memory of what it applied).
        List<SimEvent> upstream = List.of(Envelopes.spec(spec), Envelopes.data(id, 1_000_000, trajectory(0, 1_000_000)),
                Envelopes.data(id, 1_500_000, trajectory(1, 1_500_000)), Envelopes.watermark(id, SimTime.NEVER),
                Envelopes.end(id, 2_000_000, null));
        try (var h = reward()) {
            for (SimEvent e : upstream) {
                h.processElement(e, 0);
            }
            int outputs = h.extractOutputValues().size();
            int metrics = h.getSideOutput(Outputs.METRICS).size();
            assertTrue(outputs > 3, "scored trajectories, watermark and END: " + outputs);
            for (SimEvent e : upstream) {
                h.processElement(SimEvent.newBuilder(e).build(), 0);
            }
            assertEquals(outputs, h.extractOutputValues().size(), "nothing scored or closed a second time");
            assertEquals(metrics, h.getSideOutput(Outputs.METRICS).size(), "no second END report");
            assertEquals(1, h.numKeyedStateEntries(), "the ended mark only");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SimEvent, SimEvent> trainer() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new StageFunction<>(
                PipelineGraph.stage("trainer"), new CatalogParamsResolver())), KEY, Types.STRING);
    }

    /** 2 steps of the tiny split spec (8 groups of 4 per step), scored 10 ms apart, lengths varying. */
    private static List<SimEvent> scoredInput(ExperimentSpec s) {
        List<SimEvent> in = new java.util.ArrayList<>();
        in.add(Envelopes.spec(s));
        for (long t = 0; t < 64; t++) {
            long at = 1_000_000 + t * 10_000;
            int response = 200 + (int) ((t * 37) % 900);
            Trajectory tr = new Trajectory(t, t / 4, (int) (t % 4), 100, response, 0, 0L, 0L, at, 0, 0, 0, 0,
                    List.of(new VersionSpan(0, response)), 0, -1);
            in.add(Envelopes.data(s.getId(), at, new ScoredTrajectory(tr, 1.0, at)));
            if (t % 8 == 7) {
                in.add(Envelopes.watermark(s.getId(), at));
            }
        }
        return in;
    }

    @Test
    void shouldRestoreAStreamingTrainerMidStepAndContinueAsIfUninterrupted() throws Exception {
        ExperimentSpec streamed = TestingSpecs.tinySplit(AsyncMode.ASYNC, 2, true, 3);
        List<SimEvent> in = scoredInput(streamed);
        List<Object> reference = new java.util.ArrayList<>();
        try (var h = trainer()) {
            h.open();
            for (SimEvent e : in) {
                h.processElement(e, 0);
            }
            reference.addAll(h.extractOutputValues());
            h.getSideOutput(Outputs.METRICS).forEach(r -> reference.add(r.getValue()));
        }
        // Cut after 48 trajectories and 6 watermarks: step 0 is trained and step 1's first minibatch (groups
        // 8-11) too, its second not: the snapshot holds a step half trained.
        int cut = 1 + 48 + 6;
        List<Object> resumed = new java.util.ArrayList<>();
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        List<Object> metricsBefore = new java.util.ArrayList<>();
        try (var h = trainer()) {
            h.open();
            for (SimEvent e : in.subList(0, cut)) {
                h.processElement(e, 0);
            }
            resumed.addAll(h.extractOutputValues());
            h.getSideOutput(Outputs.METRICS).forEach(r -> metricsBefore.add(r.getValue()));
            snapshot = h.snapshot(1L, 0L);
        }
        try (var h = trainer()) {
            h.initializeState(snapshot);
            h.open();
            for (SimEvent e : in.subList(cut, in.size())) {
                h.processElement(e, 0);
            }
            resumed.addAll(h.extractOutputValues());
            resumed.addAll(metricsBefore);
            h.getSideOutput(Outputs.METRICS).forEach(r -> resumed.add(r.getValue()));
        }
        long versions = reference.stream().filter(o -> o instanceof SimEvent e && e.getPayload() instanceof PolicyVersion)
                .count();
        assertEquals(3, versions, "the initial version and two streamed steps");
        assertEquals(reference.stream().map(String::valueOf).sorted().toList(),
                resumed.stream().map(String::valueOf).sorted().toList());
    }

    @Test
    void shouldGiveUpOnlyOnTheExperimentWhoseSimulationThrows() throws Exception {
        ExperimentSpec other = TestingSpecs.tiny(AsyncMode.ASYNC, 1, false, 2);
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new StageFunction<>(
                PipelineGraph.stage("reward"), new CatalogParamsResolver(),
                FaultInjection.bug("reward", 0, id))), KEY, Types.STRING);
        h.open();
        try (h) {
            h.processElement(Envelopes.spec(spec), 0);
            h.processElement(Envelopes.spec(other), 0);
            h.processElement(Envelopes.data(id, 1_000_000, trajectory(0, 1_000_000)), 0);
            h.processElement(Envelopes.data(other.getId(), 1_000_000, trajectory(0, 1_000_000)), 0);
            h.processElement(Envelopes.watermark(other.getId(), 2_000_000), 0);
            List<SimEvent> out = h.extractOutputValues();
            List<SimEvent> failedOut = out.stream().filter(e -> e.getExperimentId().equals(id)).toList();
            // its output topic is closed (downstream stages finish), and the failure goes to the metrics
            assertEquals(EventKind.WATERMARK, failedOut.get(failedOut.size() - 2).getKind());
            assertEquals(SimTime.NEVER, failedOut.get(failedOut.size() - 2).getTimeUs());
            assertEquals(EventKind.END, failedOut.get(failedOut.size() - 1).getKind());
            var failures = h.getSideOutput(Outputs.METRICS).stream().map(r -> r.getValue())
                    .filter(e -> e.getPayload() instanceof io.asyncrl.schemas.StageFailure).toList();
            assertEquals(1, failures.size());
            var f = (io.asyncrl.schemas.StageFailure) failures.get(0).getPayload();
            assertEquals("reward", f.getStage());
            assertTrue(f.getMessage().contains("injected bug in reward"), f.getMessage());
            // the other experiment goes on: its trajectory is scored
            assertEquals(1, out.stream().filter(e -> e.getExperimentId().equals(other.getId())
                    && e.getPayload() instanceof ScoredTrajectory).count());
            // the failed one keeps only its mark and ignores what still comes
            int before = out.size();
            h.processElement(Envelopes.data(id, 3_000_000, trajectory(1, 3_000_000)), 0);
            h.processElement(Envelopes.watermark(id, 4_000_000), 0);
            assertEquals(before, h.extractOutputValues().size());
            assertEquals(2, h.numKeyedStateEntries(), "the other's stage and the failed one's mark, nothing else: "
                    + h.numKeyedStateEntries());
        }
    }

    /** {@code e} as its producer stamps it: the rollout tells its inputs apart by the producer. */
    private static SimEvent from(String producer, SimEvent e) {
        e.setProducer(producer);
        return e;
    }

    @Test
    void shouldNotAdmitPromptBeyondStalenessBound() throws Exception {
        var resolver = new CatalogParamsResolver();
        var rollout = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new StageFunction<>(PipelineGraph.stage("rollout"), resolver)), KEY,
                Types.STRING);
        rollout.open();
        try (rollout) {
            rollout.processElement(from("prompts", Envelopes.spec(spec)), 0);
            long prompts = resolver.resolve(spec).promptCount();
            for (long p = 0; p < prompts; p++) {
                rollout.processElement(from("prompts", Envelopes.data(id, 0, Workload.prompt(spec, p))), 0);
            }
            rollout.processElement(from("prompts", Envelopes.watermark(id, SimTime.NEVER)), 0);
            assertEquals(1, rollout.extractOutputValues().size(), "nothing generated before a policy version");
            rollout.processElement(from("trainer", Envelopes.spec(spec)), 0);
            rollout.processElement(from("trainer", Envelopes.data(id, 0, new PolicyVersion(0, 0L, 0L, false))), 0);
            // The trainer's watermark far ahead, but no version 1: only batches 0 and 1 (eta = 1) may run.
            rollout.processElement(from("trainer", Envelopes.watermark(id, 3_600_000_000L)), 0);
            long generated = rollout.extractOutputValues().stream()
                    .filter(e -> e.getKind() == EventKind.DATA).count();
            int batch = spec.getAlgorithm().getPromptsPerStep() * spec.getAlgorithm().getGroupSize();
            assertEquals(2L * batch, generated);
            rollout.extractOutputValues().stream().filter(e -> e.getKind() == EventKind.DATA)
                    .forEach(e -> assertTrue(((Trajectory) e.getPayload()).getTrajectoryId() < 2L * batch));
        }
    }
}
