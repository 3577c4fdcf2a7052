package io.asyncrl.operators.sim.trainer;

import static io.asyncrl.operators.sim.core.StateIo.readList;
import static io.asyncrl.operators.sim.core.StateIo.writeList;

import io.asyncrl.operators.sim.core.StateIo;
import io.asyncrl.operators.sim.core.StoredRecord;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;

/** The trainer's state format: {@link TrainerSimulator} field by field in declaration order. */
public final class TrainerState {
    private TrainerState() {}

    public static void write(TrainerSimulator s, DataOutput out) throws IOException {
        StateIo.writeBuffer(s.arrivals, out);
        out.writeInt(s.groups.size());
        for (Map.Entry<Long, ArrayList<StoredRecord>> g : s.groups.entrySet()) {
            out.writeLong(g.getKey());
            writeList(g.getValue(), (r, o) -> StateIo.writeBytes(r.bytes(), o), out);
        }
        writeList(s.complete, (x, o) -> o.writeLong(x), out);
        out.writeInt(s.stepsDone);
        out.writeLong(s.freeAtUs);
        out.writeLong(s.trainBusyUs);
        out.writeLong(s.received);
        out.writeLong(s.trained);
        out.writeLong(s.dropped);
        out.writeBoolean(s.lastPublished);
        out.writeLong(s.lastPublishedUs);
        out.writeLong(s.emittedWatermark);
        out.writeInt(s.minibatchesDone);
        TrainerSimulator.StepTally t = s.tally;
        out.writeLong(t.startUs);
        out.writeLong(t.tokens);
        out.writeDouble(t.squaredTokens);
        out.writeLong(t.responseTokens);
        out.writeInt(t.kept);
        out.writeInt(t.dropped);
        out.writeInt(t.maxStaleness);
        out.writeLong(t.stalenessSum);
        out.writeDouble(t.trainSeconds);
        GroupFilter f = s.filter;
        out.writeLong(f.nextPrompt);
        writeList(f.filtered, f.filtered.size(), (x, o) -> o.writeLong(x), out);
        out.writeLong(f.groupsFiltered);
        out.writeLong(f.groupsPassed);
    }

    public static TrainerSimulator read(DataInput in) throws IOException {
        TrainerSimulator s = new TrainerSimulator();
        s.arrivals = StateIo.readBuffer(in);
        int groups = in.readInt();
        for (int g = 0; g < groups; g++) {
            long prompt = in.readLong();
            s.groups.put(prompt, StateIo.readList(i -> StoredRecord.fromBytes(StateIo.readBytes(i)), in));
        }
        readList(s.complete, DataInput::readLong, in);
        s.stepsDone = in.readInt();
        s.freeAtUs = in.readLong();
        s.trainBusyUs = in.readLong();
        s.received = in.readLong();
        s.trained = in.readLong();
        s.dropped = in.readLong();
        s.lastPublished = in.readBoolean();
        s.lastPublishedUs = in.readLong();
        s.emittedWatermark = in.readLong();
        s.minibatchesDone = in.readInt();
        TrainerSimulator.StepTally t = s.tally;
        t.startUs = in.readLong();
        t.tokens = in.readLong();
        t.squaredTokens = in.readDouble();
        t.responseTokens = in.readLong();
        t.kept = in.readInt();
        t.dropped = in.readInt();
        t.maxStaleness = in.readInt();
        t.stalenessSum = in.readLong();
        t.trainSeconds = in.readDouble();
        GroupFilter f = s.filter;
        f.nextPrompt = in.readLong();
        readList(f.filtered, DataInput::readLong, in);
        f.groupsFiltered = in.readLong();
        f.groupsPassed = in.readLong();
        return s;
    }
}
