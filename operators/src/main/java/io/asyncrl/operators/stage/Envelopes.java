package io.asyncrl.operators.stage;

import io.asyncrl.schemas.BatchItem;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builders for the {@link SimEvent} envelope. Through the generated setters, which take {@code long}s: the generated
 * all-fields constructor takes {@code Long}s, and boxing the time and the seq of every record was about 7% of the
 * bytes a 250-step bench allocated, with C1, which does not remove the boxes (docs/performance.md, eighteenth
 * session).
 */
public final class Envelopes {
    private Envelopes() {}

    /** The envelope with these fields. */
    public static SimEvent of(String experiment, EventKind kind, long timeUs, String producer, long seq, Object payload,
            List<BatchItem> batch) {
        SimEvent e = new SimEvent();
        e.setExperimentId(experiment);
        e.setKind(kind);
        e.setTimeUs(timeUs);
        e.setProducer(producer);
        e.setSeq(seq);
        e.setPayload(payload);
        e.setBatch(batch);
        return e;
    }

    public static SimEvent spec(ExperimentSpec spec) {
        return of(spec.getId(), EventKind.SPEC, 0L, "", 0L, spec, List.of());
    }

    public static SimEvent data(String experiment, long timeUs, SpecificRecord payload) {
        return of(experiment, EventKind.DATA, timeUs, "", 0L, payload, List.of());
    }

    public static SimEvent watermark(String experiment, long timeUs) {
        return of(experiment, EventKind.WATERMARK, timeUs, "", 0L, null, List.of());
    }

    /** Sequence numbering for a producer; see {@link StageOutputStamp}. */
    public static StageOutputStamp stamp(String producer) {
        return new StageOutputStamp(producer);
    }

    public static SimEvent end(String experiment, long timeUs, SpecificRecord payload) {
        return of(experiment, EventKind.END, timeUs, "", 0L, payload, List.of());
    }

    /**
     * The summary of an experiment that a stage could not go on with: {@code {"experiment_id": ...,
     * "failed": {"message": ..., "stage": ...}}}, canonical JSON like every summary.
     */
    public static String failedSummaryJson(String experiment, io.asyncrl.schemas.StageFailure f) {
        java.util.Map<String, Object> failed = new java.util.TreeMap<>();
        failed.put("message", f.getMessage());
        failed.put("stage", f.getStage());
        java.util.Map<String, Object> out = new java.util.TreeMap<>();
        out.put("experiment_id", experiment);
        out.put("failed", failed);
        return io.asyncrl.operators.sim.summary.CanonicalJson.write(out);
    }
}
