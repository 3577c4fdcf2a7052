package io.asyncrl.operators.sim.rollout;

import static io.asyncrl.operators.sim.core.StateIo.readList;
import static io.asyncrl.operators.sim.core.StateIo.writeList;

import io.asyncrl.operators.sim.core.StateIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/** The state format of {@link Rounds}, field by field in declaration order (maps sorted by key). */
final class RoundsState {
    private RoundsState() {}

    static void write(Rounds r, DataOutput out) throws IOException {
        out.writeInt(r.round);
        out.writeBoolean(r.open);
        out.writeBoolean(r.longRound);
        out.writeInt(r.emitted);
        out.writeLong(r.nextPrompt);
        writeList(r.members, (x, o) -> o.writeLong(x), out);
        TreeMap<Long, ArrayList<byte[]>> done = new TreeMap<>(r.done);
        out.writeInt(done.size());
        for (Map.Entry<Long, ArrayList<byte[]>> e : done.entrySet()) {
            out.writeLong(e.getKey());
            writeList(e.getValue(), StateIo::writeBytes, out);
        }
        writeList(r.completeOrder, (x, o) -> o.writeLong(x), out);
        writeList(r.carriedPrompts, (x, o) -> o.writeLong(x), out);
        writeList(r.carriedSequences, RolloutState::writeSequence, out);
        writeList(r.deferredPrompts, (x, o) -> o.writeLong(x), out);
        TreeMap<Long, Long> first = new TreeMap<>(r.firstDispatchUs);
        out.writeInt(first.size());
        for (Map.Entry<Long, Long> e : first.entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeLong(r.aborted);
        out.writeLong(r.surplusDropped);
        out.writeLong(r.carried);
        out.writeLong(r.deferred);
        out.writeLong(r.longRounds);
        out.writeLong(r.thrownTokens);
    }

    static Rounds read(DataInput in) throws IOException {
        Rounds r = new Rounds();
        r.round = in.readInt();
        r.open = in.readBoolean();
        r.longRound = in.readBoolean();
        r.emitted = in.readInt();
        r.nextPrompt = in.readLong();
        readList(r.members, DataInput::readLong, in);
        int done = in.readInt();
        for (int i = 0; i < done; i++) {
            long key = in.readLong();
            r.done.put(key, readList(new ArrayList<>(), StateIo::readBytes, in));
        }
        readList(r.completeOrder, DataInput::readLong, in);
        readList(r.carriedPrompts, DataInput::readLong, in);
        readList(r.carriedSequences, RolloutState::readSequence, in);
        readList(r.deferredPrompts, DataInput::readLong, in);
        int first = in.readInt();
        for (int i = 0; i < first; i++) {
            r.firstDispatchUs.put(in.readLong(), in.readLong());
        }
        r.aborted = in.readLong();
        r.surplusDropped = in.readLong();
        r.carried = in.readLong();
        r.deferred = in.readLong();
        r.longRounds = in.readLong();
        r.thrownTokens = in.readLong();
        return r;
    }
}
