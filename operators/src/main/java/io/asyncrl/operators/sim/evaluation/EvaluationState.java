package io.asyncrl.operators.sim.evaluation;

import io.asyncrl.operators.sim.core.StateIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The evaluation's state format: {@link EvaluationSimulator} field by field in declaration order. */
public final class EvaluationState {
    private EvaluationState() {}

    public static void write(EvaluationSimulator s, DataOutput out) throws IOException {
        StateIo.writeBuffer(s.versions, out);
        out.writeLong(s.freeAtUs);
        out.writeLong(s.busyUs);
        out.writeInt(s.runs);
        out.writeBoolean(s.finished);
        out.writeLong(s.finishedUs);
        out.writeLong(s.emittedWatermark);
    }

    public static EvaluationSimulator read(DataInput in) throws IOException {
        EvaluationSimulator s = new EvaluationSimulator();
        s.versions = StateIo.readBuffer(in);
        s.freeAtUs = in.readLong();
        s.busyUs = in.readLong();
        s.runs = in.readInt();
        s.finished = in.readBoolean();
        s.finishedUs = in.readLong();
        s.emittedWatermark = in.readLong();
        return s;
    }
}
