package io.asyncrl.operators.sim.reward;

import io.asyncrl.operators.sim.core.StateIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The reward's state format: {@link RewardSimulator} field by field (its timing is re-attached, not state). */
public final class RewardState {
    private RewardState() {}

    public static void write(RewardSimulator s, DataOutput out) throws IOException {
        StateIo.writeBuffer(s.arrivals, out);
        StateIo.writeLongs(s.serverFreeUs, out);
        out.writeLong(s.busyUs);
        out.writeLong(s.scored);
        out.writeLong(s.emittedWatermark);
    }

    public static RewardSimulator read(DataInput in) throws IOException {
        RewardSimulator s = new RewardSimulator();
        s.arrivals = StateIo.readBuffer(in);
        s.serverFreeUs = StateIo.readLongs(in);
        s.busyUs = in.readLong();
        s.scored = in.readLong();
        s.emittedWatermark = in.readLong();
        return s;
    }
}
