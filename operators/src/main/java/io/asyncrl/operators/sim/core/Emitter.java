package io.asyncrl.operators.sim.core;

import org.apache.avro.specific.SpecificRecord;

/** Where a stage simulator puts what it produces: data at a simulated time, and metrics. */
public interface Emitter {

    /** A data record on the stage's output topic, stamped with simulated time {@code timeUs}. */
    void data(long timeUs, SpecificRecord payload);

    /** A record for the metrics topic, stamped with simulated time {@code timeUs}. */
    void metric(long timeUs, SpecificRecord payload);
}
