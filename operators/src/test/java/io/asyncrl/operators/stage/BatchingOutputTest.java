package io.asyncrl.operators.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StepReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchingOutputTest {
    private final List<SimEvent> main = new ArrayList<>();
    private final List<SimEvent> metrics = new ArrayList<>();
    private final StageOutput recording = new StageOutput() {
        @Override
        public void emit(SimEvent e) {
            main.add(e);
        }

        @Override
        public void metric(SimEvent e) {
            metrics.add(e);
        }
    };
    /** Numbers records as a stage does (one counter per output), before they reach the batching output. */
    private final StageOutputStamp stamp = new StageOutputStamp("trainer");

    private StageOutput stamped(BatchingOutput batching) {
        return stamp.wrap(batching);
    }

    private static SimEvent version(int v) {
        return Envelopes.data("exp", 1_000L * v, new PolicyVersion(v, 1_000L * v, 1_000L * v, false));
    }

    @Test
    void shouldSendTheDataBeforeAWatermarkAsOneBatchAheadOfIt() {
        BatchingOutput batching = new BatchingOutput(recording, BatchingOutput.DEFAULT_MAX_BYTES);
        StageOutput out = stamped(batching);
        for (int v = 1; v <= 3; v++) {
            out.emit(version(v));
        }
        out.emit(Envelopes.watermark("exp", 5_000));
        assertEquals(2, main.size(), "one batch, then the watermark");
        SimEvent batch = main.get(0);
        assertEquals(EventKind.BATCH, batch.getKind());
        assertEquals(1L, batch.getSeq(), "the first item's number");
        assertEquals(1_000L, batch.getTimeUs(), "the first item's time");
        assertEquals("trainer", batch.getProducer());
        assertEquals(EventKind.WATERMARK, main.get(1).getKind());
        List<SimEvent> items = new ArrayList<>();
        Batches.forEach(batch, items::add);
        assertEquals(3, items.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(EventKind.DATA, items.get(i).getKind());
            assertEquals(i + 1L, items.get(i).getSeq());
            assertEquals(1_000L * (i + 1), items.get(i).getTimeUs());
            assertEquals(i + 1, ((PolicyVersion) items.get(i).getPayload()).getVersion());
            assertEquals("exp", items.get(i).getExperimentId());
            assertEquals("trainer", items.get(i).getProducer());
        }
    }

    @Test
    void shouldSendALoneDataRecordAsItselfAndHoldNothingAfterAFlush() {
        BatchingOutput batching = new BatchingOutput(recording, BatchingOutput.DEFAULT_MAX_BYTES);
        StageOutput out = stamped(batching);
        SimEvent one = version(1);
        out.emit(one);
        assertEquals(0, main.size(), "held until the flush");
        batching.flush();
        assertEquals(List.of(one), main);
        batching.flush();
        assertEquals(1, main.size());
    }

    @Test
    void shouldSplitABatchAtItsByteCap() {
        // A PolicyVersion item is bounded by 41 bytes: time_us (long, 10) + union index (int, 5) + version
        // (int, 5) + published_us and available_us (longs, 10 + 10) + last (boolean, 1). A cap of 100 holds
        // two (82 bytes) but not three (123): five records go out as 2 + 2 + 1.
        BatchingOutput batching = new BatchingOutput(recording, 100);
        StageOutput out = stamped(batching);
        for (int v = 1; v <= 5; v++) {
            out.emit(version(v));
        }
        out.emit(Envelopes.end("exp", 6_000, null));
        assertEquals(List.of(EventKind.BATCH, EventKind.BATCH, EventKind.DATA, EventKind.END),
                main.stream().map(SimEvent::getKind).toList());
        assertEquals(List.of(1L, 3L, 5L, 6L), main.stream().map(SimEvent::getSeq).toList());
        assertEquals(2, Batches.size(main.get(0)));
        assertEquals(2, main.get(1).getBatch().size());
    }

    @Test
    void shouldBoundEachItemByItsOwnClassWhenClassesAlternateOnOneOutput() {
        // A StepReport item is bounded by 15 + 4 ints (20) + 6 longs (60) + 3 doubles (24) = 119 bytes, a
        // PolicyVersion item by 41 (above). With a cap of 160, version 1 and a step report fill a batch (160) and
        // version 2 starts the next; bounding every item as the first one's class (41) would put all three in one.
        BatchingOutput batching = new BatchingOutput(recording, 160);
        StageOutput out = stamped(batching);
        out.emit(version(1));
        out.emit(Envelopes.data("exp", 1_500, step(1)));
        out.emit(version(2));
        batching.flush();
        assertEquals(List.of(EventKind.BATCH, EventKind.DATA), main.stream().map(SimEvent::getKind).toList());
        assertEquals(2, Batches.size(main.get(0)));
        assertEquals(3L, main.get(1).getSeq());
    }

    @Test
    void shouldBatchTheMetricsApartFromTheOutput() {
        BatchingOutput batching = new BatchingOutput(recording, BatchingOutput.DEFAULT_MAX_BYTES);
        StageOutput out = stamped(batching);
        out.emit(version(1));
        out.metric(Envelopes.data("exp", 1_000, step(0)));
        out.emit(version(2));
        out.metric(Envelopes.data("exp", 2_000, step(1)));
        batching.flush();
        assertEquals(1, main.size());
        assertEquals(1, metrics.size());
        assertEquals(2, Batches.size(main.get(0)));
        assertEquals(2, Batches.size(metrics.get(0)));
        assertEquals(1L, metrics.get(0).getSeq(), "the metrics topic has its own numbers");
    }

    @Test
    void shouldNotJoinRecordsThatDoNotFollowEachOther() {
        BatchingOutput out = new BatchingOutput(recording, BatchingOutput.DEFAULT_MAX_BYTES);
        SimEvent a = version(1);
        a.setProducer("trainer");
        a.setSeq(1);
        SimEvent gap = version(2);
        gap.setProducer("trainer");
        gap.setSeq(3);
        SimEvent unnumbered = version(3);
        unnumbered.setProducer("trainer");
        out.emit(a);
        out.emit(gap);
        out.emit(unnumbered);
        out.flush();
        assertEquals(List.of(a, gap, unnumbered), main, "a gap in the numbers, and a record without one, end a batch");
    }

    @Test
    void shouldRefuseACapBelowOneByte() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchingOutput(recording, 0));
        assertEquals("a batch's byte cap must be positive, got 0", e.getMessage());
    }

    private static StepReport step(int step) {
        return new StepReport(step, 0L, 0L, 0L, 0L, 0, 0, 0L, 0L, 0.0, 0.0, 0.0, 0);
    }
}
