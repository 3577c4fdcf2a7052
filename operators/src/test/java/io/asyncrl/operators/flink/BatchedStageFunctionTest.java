package io.asyncrl.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.operators.stage.Batches;
import io.asyncrl.operators.stage.BatchingOutput;
import io.asyncrl.operators.stage.Envelopes;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.BatchItem;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StageFailure;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.VersionSpan;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** A stage function reading and writing BATCH records, on Flink's operator test harness. */
class BatchedStageFunctionTest {
    private final ExperimentSpec spec = TestingSpecs.tiny(AsyncMode.ASYNC, 1, false, 1);
    private final String id = spec.getId();

    private static Trajectory trajectory(long id, long endUs) {
        return new Trajectory(id, id / 4, (int) (id % 4), 100, 200, 0, 0L, 0L, endUs, 0, 0, 0, 0,
                List.of(new VersionSpan(0, 200)), 0, -1);
    }

    /** The rollout's trajectories {@code from} to {@code to} as one BATCH, numbered as the rollout numbered them (id + 1). */
    private SimEvent batch(int from, int to) {
        List<BatchItem> items = new ArrayList<>();
        for (int t = from; t <= to; t++) {
            items.add(new BatchItem(1_000_000L + t, trajectory(t, 1_000_000L + t)));
        }
        return new SimEvent(id, EventKind.BATCH, 1_000_000L + from, "rollout", from + 1L, null, items);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, SimEvent, SimEvent> reward(FaultInjection fault)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new StageFunction<>(PipelineGraph.stage("reward"), new CatalogParamsResolver(), fault)
                        .batchingOutput(BatchingOutput.DEFAULT_MAX_BYTES)),
                SimEvent::getExperimentId, Types.STRING);
        h.open();
        return h;
    }

    @Test
    void shouldApplyOnlyTheNewItemsOfABatchReplayedWithOtherBounds() throws Exception {
        try (var h = reward(null)) {
            h.processElement(Envelopes.spec(spec), 0);
            h.processElement(batch(0, 2), 0);
            // After a restore the rollout re-sent trajectories 1 to 4 cut differently: 1 and 2 were applied.
            h.processElement(batch(1, 4), 0);
            h.processElement(Envelopes.watermark(id, SimTime.NEVER - 1), 0);
            List<SimEvent> out = h.extractOutputValues();
            assertEquals(EventKind.SPEC, out.get(0).getKind());
            assertEquals(EventKind.BATCH, out.get(1).getKind(), "the scored trajectories leave as one batch");
            assertEquals(2L, out.get(1).getSeq(), "numbered after the SPEC the stage sent on");
            assertEquals(5, Batches.size(out.get(1)));
            List<Long> scored = new ArrayList<>();
            for (SimEvent e : out) {
                Batches.forEach(e, d -> {
                    if (d.getPayload() instanceof ScoredTrajectory s) {
                        scored.add(s.getTrajectory().getTrajectoryId());
                    }
                });
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), scored.stream().sorted().toList(), "each trajectory once");
            assertEquals(EventKind.WATERMARK, out.get(out.size() - 1).getKind(), "the batch precedes its watermark");
        }
    }

    @Test
    void shouldApplyABatchThatCameBeforeTheSpecOnceTheSpecIsThereAndNotItsReplay() throws Exception {
        try (var h = reward(null)) {
            // The rollout's batch overtook the SPEC (they come from different producers): kept, then applied.
            h.processElement(batch(0, 2), 0);
            h.processElement(Envelopes.spec(spec), 0);
            h.processElement(batch(2, 4), 0);
            h.processElement(batch(0, 3), 0);
            h.processElement(Envelopes.watermark(id, SimTime.NEVER - 1), 0);
            List<Long> scored = new ArrayList<>();
            for (SimEvent e : h.extractOutputValues()) {
                Batches.forEach(e, d -> {
                    if (d.getPayload() instanceof ScoredTrajectory s) {
                        scored.add(s.getTrajectory().getTrajectoryId());
                    }
                });
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), scored.stream().sorted().toList(), "each trajectory once");
        }
    }

    @Test
    void shouldFailTheExperimentAtTheFirstBatchedRecordPastTheInjectedBug() throws Exception {
        try (var h = reward(FaultInjection.bug("reward", 1_000_003, id))) {
            h.processElement(Envelopes.spec(spec), 0);
            h.processElement(batch(0, 2), 0);
            assertEquals(0, h.getSideOutput(Outputs.METRICS) == null ? 0 : h.getSideOutput(Outputs.METRICS).size(),
                    "every item before the bug's time");
            h.processElement(batch(3, 5), 0);
            var failures = h.getSideOutput(Outputs.METRICS).stream().map(r -> r.getValue())
                    .filter(e -> e.getPayload() instanceof StageFailure).toList();
            assertEquals(1, failures.size());
            String message = ((StageFailure) failures.get(0).getPayload()).getMessage();
            assertTrue(message.contains("at simulated time 1000003 us"), message);
        }
    }
}
