package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.agentic.EnvironmentPool;
import io.asyncrl.operators.sim.agentic.KvHolds;
import io.asyncrl.operators.sim.core.StateIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The multi-turn part of the rollout's state format ({@link RolloutState}): the environment pool with the
 * sequences in a step, each instance's {@link InstanceTurns} and each sequence's {@link TurnState}. Each is
 * written behind a presence flag, so single-turn state carries three booleans more.
 */
final class AgenticState {
    private AgenticState() {}

    static void writePool(EnvironmentPool<Sequence> pool, DataOutput out) throws IOException {
        out.writeBoolean(pool != null);
        if (pool != null) {
            pool.write(out, RolloutState::writeSequence);
        }
    }

    static EnvironmentPool<Sequence> readPool(DataInput in) throws IOException {
        return in.readBoolean() ? EnvironmentPool.read(in, RolloutState::readSequence) : null;
    }

    static void writeTurns(InstanceTurns t, DataOutput out) throws IOException {
        out.writeBoolean(t != null);
        if (t == null) {
            return;
        }
        out.writeBoolean(t.keep);
        out.writeBoolean(t.turnSync);
        out.writeLong(t.ttlUs);
        t.holds.write(out);
        StateIo.writeList(t.parked, RolloutState::writeSequence, out);
        StateIo.writeList(t.outbox, RolloutState::writeSequence, out);
        out.writeInt(t.outstanding);
        out.writeLong(t.reusedTokens);
        out.writeLong(t.turnPrefillTokens);
        out.writeLong(t.maxKvTokens);
    }

    static InstanceTurns readTurns(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        InstanceTurns t = new InstanceTurns();
        t.keep = in.readBoolean();
        t.turnSync = in.readBoolean();
        t.ttlUs = in.readLong();
        t.holds = KvHolds.read(in);
        StateIo.readList(t.parked, RolloutState::readSequence, in);
        StateIo.readList(t.outbox, RolloutState::readSequence, in);
        t.outstanding = in.readInt();
        t.reusedTokens = in.readLong();
        t.turnPrefillTokens = in.readLong();
        t.maxKvTokens = in.readLong();
        return t;
    }

    static void writeTurnState(TurnState s, DataOutput out) throws IOException {
        out.writeBoolean(s != null);
        if (s == null) {
            return;
        }
        out.writeInt(s.turn);
        StateIo.writeInts(s.generatedEnd, out);
        StateIo.writeInts(s.tool, out);
        StateIo.writeLongs(s.envUs, out);
        out.writeInt(s.instance);
    }

    static TurnState readTurnState(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        TurnState s = new TurnState();
        s.turn = in.readInt();
        s.generatedEnd = StateIo.readInts(in);
        s.tool = StateIo.readInts(in);
        s.envUs = StateIo.readLongs(in);
        s.instance = in.readInt();
        return s;
    }
}
