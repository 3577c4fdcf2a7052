package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.SimEvent;

/** Where a stage sends envelopes: its output topic and the metrics topic. */
public interface StageOutput {
    void emit(SimEvent event);

    void metric(SimEvent event);
}
