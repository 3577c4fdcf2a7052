package io.asyncrl.operators.stage;

import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;
import org.apache.avro.specific.SpecificRecord;

/** Builders for the {@link SimEvent} envelope. */
public final class Envelopes {
    private Envelopes() {}

    public static SimEvent spec(ExperimentSpec spec) {
        return new SimEvent(spec.getId(), EventKind.SPEC, 0L, spec);
    }

    public static SimEvent data(String experiment, long timeUs, SpecificRecord payload) {
        return new SimEvent(experiment, EventKind.DATA, timeUs, payload);
    }

    public static SimEvent watermark(String experiment, long timeUs) {
        return new SimEvent(experiment, EventKind.WATERMARK, timeUs, null);
    }

    public static SimEvent end(String experiment, long timeUs, SpecificRecord payload) {
        return new SimEvent(experiment, EventKind.END, timeUs, payload);
    }
}
