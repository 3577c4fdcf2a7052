package io.asyncrl.operators.sim.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** An {@link Emitter} for simulator tests: what was emitted, with its simulated time, in order. */
public final class RecordingEmitter implements Emitter {
    /** One emitted record. */
    public record At(long timeUs, SpecificRecord payload) {}

    public final List<At> data = new ArrayList<>();
    public final List<At> metrics = new ArrayList<>();

    @Override
    public void data(long timeUs, SpecificRecord payload) {
        data.add(new At(timeUs, payload));
    }

    @Override
    public void metric(long timeUs, SpecificRecord payload) {
        metrics.add(new At(timeUs, payload));
    }

    /** The metric payloads of one type, in emission order. */
    public <T> List<T> metrics(Class<T> type) {
        return metrics.stream().map(At::payload).filter(type::isInstance).map(type::cast).toList();
    }
}
