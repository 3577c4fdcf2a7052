package io.asyncrl.operators.stage;

import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Builders for the {@link SimEvent} envelope. */
public final class Envelopes {
    private Envelopes() {}

    public static SimEvent spec(ExperimentSpec spec) {
        return new SimEvent(spec.getId(), EventKind.SPEC, 0L, "", 0L, spec, List.of());
    }

    public static SimEvent data(String experiment, long timeUs, SpecificRecord payload) {
        return new SimEvent(experiment, EventKind.DATA, timeUs, "", 0L, payload, List.of());
    }

    public static SimEvent watermark(String experiment, long timeUs) {
        return new SimEvent(experiment, EventKind.WATERMARK, timeUs, "", 0L, null, List.of());
    }

    /** Sequence numbering for a producer; see {@link StageOutputStamp}. */
    public static StageOutputStamp stamp(String producer) {
        return new StageOutputStamp(producer);
    }

    public static SimEvent end(String experiment, long timeUs, SpecificRecord payload) {
        return new SimEvent(experiment, EventKind.END, timeUs, "", 0L, payload, List.of());
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
