package io.asyncrl.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.connectors.avro.AvroSerde;
import io.asyncrl.connectors.kafka.source.CorruptRecord;
import io.asyncrl.connectors.kafka.source.CorruptRecordHandler;
import io.asyncrl.connectors.kafka.source.SimEventBytes;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.operators.flink.Outputs;
import io.asyncrl.operators.flink.StageFunction;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.stage.Envelopes;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.VersionSpan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * A stage fed undecoded records behaves as the stage function fed decoded ones: the same outputs, side
 * outputs and keyed state (restorable across the two), and a value that does not decode reaches the
 * corrupt-record handler (the dead-letter topic in the job) without touching the stage or its state.
 */
class DecodingStageTest {
    private static final ExperimentSpec SPEC = load();
    private static final String ID = SPEC.getId();

    private static ExperimentSpec load() {
        try {
            return SpecLoader.load(Path.of("..", "examples", "tiny-async.yaml"), "exp-1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Trajectory trajectory(long trajectoryId, long endUs) {
        return new Trajectory(trajectoryId, trajectoryId / 4, (int) (trajectoryId % 4), 100, 200, 0, 0L, 0L, endUs,
                0, 0, 0, 0, List.of(new VersionSpan(0, 200)), 0, -1);
    }

    /** The reward stage's whole life for one experiment: spec, trajectories, watermarks, end. */
    private static List<SimEvent> rewardInput() {
        List<SimEvent> in = new ArrayList<>();
        in.add(Envelopes.spec(SPEC));
        for (long t = 0; t < 12; t++) {
            in.add(Envelopes.data(ID, 1_000_000 + t * 100_000, trajectory(t, 1_000_000 + t * 100_000)));
            if (t % 4 == 3) {
                in.add(Envelopes.watermark(ID, 1_000_000 + t * 100_000));
            }
        }
        in.add(Envelopes.watermark(ID, SimTime.NEVER));
        in.add(Envelopes.end(ID, 3_000_000, null));
        return in;
    }

    private static SimEventBytes bytes(SimEvent e, long offset) {
        return new SimEventBytes(e.getExperimentId(), "asyncrl.trajectories", 0, offset,
                e.getExperimentId().getBytes(StandardCharsets.UTF_8), AvroSerde.serialize(e));
    }

    private static StageFunction<?> reward() {
        return new StageFunction<>(PipelineGraph.stage("reward"), new CatalogParamsResolver());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SimEvent, SimEvent> bare() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(reward()),
                SimEvent::getExperimentId, Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SimEventBytes, SimEvent> decoding(
            CorruptRecordHandler onCorrupt) throws Exception {
        return decoding(DecodingStage.of(reward(), onCorrupt));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SimEventBytes, SimEvent> decoding(
            DecodingStage<SimEventBytes, SimEvent> stage) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(stage), b -> b.experimentId,
                Types.STRING);
    }

    /** Outputs then metrics side outputs, as values. */
    private static List<Object> outputs(KeyedOneInputStreamOperatorTestHarness<String, ?, SimEvent> h) {
        List<Object> out = new ArrayList<>(h.extractOutputValues());
        if (h.getSideOutput(Outputs.METRICS) != null) {
            h.getSideOutput(Outputs.METRICS).forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    private static List<Object> reference(List<SimEvent> in) throws Exception {
        try (var h = bare()) {
            h.open();
            for (SimEvent e : in) {
                h.processElement(e, 0);
            }
            return outputs(h);
        }
    }

    @Test
    void shouldGiveTheStageFunctionsOutputsForTheSameRecordsUndecoded() throws Exception {
        List<SimEvent> in = rewardInput();
        List<Object> reference = reference(in);
        List<CorruptRecord> corrupt = new ArrayList<>();
        try (var h = decoding(corrupt::add)) {
            h.open();
            for (int i = 0; i < in.size(); i++) {
                h.processElement(bytes(in.get(i), i), 0);
                if (i == 3) {
                    assertEquals(1, h.numKeyedStateEntries(), "the stage's state, under the experiment's key");
                }
            }
            assertEquals(reference, outputs(h));
            assertTrue(reference.size() > 4, "scored trajectories, watermarks and the END report: " + reference.size());
            assertEquals(1, h.numKeyedStateEntries(), "the ended mark only");
        }
        assertTrue(corrupt.isEmpty());
    }

    @Test
    void shouldHandAValueThatDoesNotDecodeToTheHandlerBeforeTheStageSeesIt() throws Exception {
        List<SimEvent> in = rewardInput();
        List<Object> reference = reference(in);
        List<CorruptRecord> corrupt = new ArrayList<>();
        DecodingStage<SimEventBytes, SimEvent> stage = DecodingStage.of(reward(), corrupt::add);
        try (var h = decoding(stage)) {
            h.open();
            // The experiment id reads (so the source keyed it), the rest does not: an EventKind index 10 of 5.
            byte[] valid = AvroSerde.serialize(in.get(0));
            byte[] badKind = Arrays.copyOf(valid, valid.length);
            badKind[1 + ID.length()] = 0x14;
            h.processElement(new SimEventBytes(ID, "asyncrl.trajectories", 1, 41, "k".getBytes(StandardCharsets.UTF_8),
                    badKind), 0);
            assertEquals(0, h.numKeyedStateEntries(), "a corrupt record creates no state");
            assertTrue(outputs(h).isEmpty());
            assertEquals(1, corrupt.size());
            CorruptRecord reported = corrupt.get(0);
            assertEquals("asyncrl.trajectories-1@41", reported.position());
            assertEquals("k", reported.keyAsString());
            assertArrayEquals(badKind, reported.value());
            assertTrue(reported.reason().contains("do not decode as io.asyncrl.schemas.SimEvent"), reported.reason());
            assertEquals(1, stage.corruptRecords());

            for (int i = 0; i < in.size(); i++) {
                h.processElement(bytes(in.get(i), i), 0);
                if (i == in.size() / 2) {
                    // The same corrupt bytes in the middle of the experiment change nothing either.
                    h.processElement(new SimEventBytes(ID, "asyncrl.trajectories", 1, 42, null, badKind), 0);
                }
            }
            assertEquals(reference, outputs(h), "the stage ran as if the corrupt records were never there");
            assertEquals(2, corrupt.size());
        }
    }

    /** The stage function's keyed state keeps its names and layout: a snapshot of one restores in the other. */
    @Test
    void shouldRestoreTheStateTheStageFunctionWroteWhenItDecodedNothing() throws Exception {
        List<SimEvent> in = rewardInput();
        List<Object> reference = reference(in);
        int cut = 6;
        OperatorSubtaskState snapshot;
        List<Object> out = new ArrayList<>();
        try (var h = bare()) {
            h.open();
            for (SimEvent e : in.subList(0, cut)) {
                h.processElement(e, 0);
            }
            assertEquals(1, h.numKeyedStateEntries());
            snapshot = h.snapshot(1, 0);
            out.addAll(h.extractOutputValues());
            assertEquals(null, h.getSideOutput(Outputs.METRICS), "no metrics before the cut");
        }
        try (var h = decoding(CorruptRecordHandler.logging())) {
            h.initializeState(snapshot);
            h.open();
            assertEquals(1, h.numKeyedStateEntries(), "the stage's state, restored under the same name");
            for (int i = cut; i < in.size(); i++) {
                h.processElement(bytes(in.get(i), i), 0);
            }
            out.addAll(outputs(h));
            assertEquals(reference, out);
        }
    }

    @Test
    void shouldPassCheckpointNotificationsOnToTheStageFunction() throws Exception {
        Notified stage = new Notified();
        DecodingStage<SimEventBytes, SimEvent> decoding = DecodingStage.of(stage, CorruptRecordHandler.logging());
        decoding.notifyCheckpointComplete(7);
        decoding.notifyCheckpointAborted(8);
        assertEquals(List.of(7L, -8L), stage.notified);
    }

    private static final class Notified extends KeyedProcessFunction<String, SimEvent, SimEvent>
            implements CheckpointListener {
        final List<Long> notified = new ArrayList<>();

        @Override
        public void processElement(SimEvent e, Context ctx, Collector<SimEvent> out) {
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            notified.add(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) {
            notified.add(-checkpointId);
        }
    }
}
