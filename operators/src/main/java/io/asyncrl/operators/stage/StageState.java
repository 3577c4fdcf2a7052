package io.asyncrl.operators.stage;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * State that a Flink function keeps per experiment, with its format written out field by field: a
 * {@link Stage} and the {@link SummaryStage}. Implementations have a public no-argument constructor;
 * {@code readState} on a fresh instance restores what {@code writeState} wrote, every field that
 * changes what the stage does next (a forgotten one makes {@code StageStateSerializerTest} fail).
 */
public interface StageState {
    void writeState(DataOutput out) throws IOException;

    void readState(DataInput in) throws IOException;
}
