package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.ExperimentSpec;
import java.io.Serializable;

/** Resolves a spec's catalog names into timing parameters; serialisable so Flink functions can carry it. */
@FunctionalInterface
public interface ParamsResolver extends Serializable {
    SimParams resolve(ExperimentSpec spec);
}
