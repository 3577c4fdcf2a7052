package io.asyncrl.operators.stage;

import java.io.Serializable;
import java.util.function.Supplier;

/** Makes a fresh stage for a new experiment; serializable so a Flink function can carry it. */
@FunctionalInterface
public interface StageFactory<S extends Stage<?>> extends Supplier<S>, Serializable {}
