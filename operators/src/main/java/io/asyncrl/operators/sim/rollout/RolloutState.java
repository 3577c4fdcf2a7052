package io.asyncrl.operators.sim.rollout;

import static io.asyncrl.operators.sim.core.StateIo.readList;
import static io.asyncrl.operators.sim.core.StateIo.writeList;

import io.asyncrl.operators.sim.core.StateIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The rollout's state format: {@link RolloutSimulator}, its instances and their sequences, field by
 * field in declaration order (the resolved parameters and caches are not state: they are re-attached
 * or recomputed after a restore).
 */
public final class RolloutState {
    private RolloutState() {}

    public static void write(RolloutSimulator s, DataOutput out) throws IOException {
        StateIo.writeSpec(s.specHolder, out);
        writeList(s.prompts, StateIo::writeInts, out);
        out.writeLong(s.promptsExpected);
        writeList(s.pendingVersions, (v, o) -> {
            o.writeLong(v.availableUs);
            o.writeInt(v.version);
            o.writeBoolean(v.last);
        }, out);
        out.writeInt(s.knownVersion);
        out.writeLong(s.nextTrajectory);
        out.writeLong(s.counters.dispatched);
        out.writeLong(s.counters.completed);
        out.writeLong(s.counters.interrupted);
        out.writeInt(s.instances == null ? -1 : s.instances.length);
        if (s.instances != null) {
            for (RolloutInstance i : s.instances) {
                writeInstance(i, out);
            }
        }
        out.writeLong(s.processedUs);
        out.writeLong(s.emittedWatermark);
        out.writeBoolean(s.finished);
        AgenticState.writePool(s.environment, out);
        out.writeBoolean(s.rounds != null);
        if (s.rounds != null) {
            RoundsState.write(s.rounds, out);
        }
        out.writeLong(s.lastVersionUs);
        out.writeLong(s.longestVersionGapUs);
        out.writeInt(s.shardIndex);
        out.writeInt(s.shardCount);
    }

    public static RolloutSimulator read(DataInput in) throws IOException {
        RolloutSimulator s = new RolloutSimulator();
        s.specHolder = StateIo.readSpec(in);
        readList(s.prompts, StateIo::readInts, in);
        s.promptsExpected = in.readLong();
        readList(s.pendingVersions, i -> {
            VersionArrival v = new VersionArrival();
            v.availableUs = i.readLong();
            v.version = i.readInt();
            v.last = i.readBoolean();
            return v;
        }, in);
        s.knownVersion = in.readInt();
        s.nextTrajectory = in.readLong();
        s.counters.dispatched = in.readLong();
        s.counters.completed = in.readLong();
        s.counters.interrupted = in.readLong();
        int n = in.readInt();
        if (n >= 0) {
            s.instances = new RolloutInstance[n];
            for (int k = 0; k < n; k++) {
                s.instances[k] = readInstance(in);
            }
        }
        s.processedUs = in.readLong();
        s.emittedWatermark = in.readLong();
        s.finished = in.readBoolean();
        s.environment = AgenticState.readPool(in);
        s.rounds = in.readBoolean() ? RoundsState.read(in) : null;
        s.lastVersionUs = in.readLong();
        s.longestVersionGapUs = in.readLong();
        s.shardIndex = in.readInt();
        s.shardCount = in.readInt();
        return s;
    }

    private static void writeInstance(RolloutInstance i, DataOutput out) throws IOException {
        out.writeInt(i.index);
        out.writeBoolean(i.partial);
        out.writeInt(i.maxResponseTokens);
        out.writeLong(i.clock);
        out.writeLong(i.stepCounter);
        out.writeLong(i.kvTokens);
        out.writeInt(i.weights);
        out.writeInt(i.pendingWeights);
        out.writeLong(i.prefillEndUs);
        writeList(i.prefilling, RolloutState::writeSequence, out);
        writeList(i.running, RolloutState::writeSequence, out);
        writeList(i.queue, i.queue.size(), RolloutState::writeSequence, out);
        out.writeLong(i.busyUs);
        out.writeLong(i.preemptions);
        out.writeBoolean(i.admissionBlocked);
        AgenticState.writeTurns(i.turns, out);
        out.writeInt(i.update == null ? -1 : i.update.ordinal());
        out.writeBoolean(i.recomputeKv);
        out.writeLong(i.thrownTokens);
        out.writeLong(i.recomputedTokens);
        out.writeLong(i.kvHeldAtUpdates);
        out.writeLong(i.assigned);
    }

    private static RolloutInstance readInstance(DataInput in) throws IOException {
        RolloutInstance i = new RolloutInstance();
        i.index = in.readInt();
        i.partial = in.readBoolean();
        i.maxResponseTokens = in.readInt();
        i.clock = in.readLong();
        i.stepCounter = in.readLong();
        i.kvTokens = in.readLong();
        i.weights = in.readInt();
        i.pendingWeights = in.readInt();
        i.prefillEndUs = in.readLong();
        readList(i.prefilling, RolloutState::readSequence, in);
        readList(i.running, RolloutState::readSequence, in);
        readList(i.queue, RolloutState::readSequence, in);
        i.busyUs = in.readLong();
        i.preemptions = in.readLong();
        i.admissionBlocked = in.readBoolean();
        i.turns = AgenticState.readTurns(in);
        int update = in.readInt();
        i.update = update < 0 ? null : io.asyncrl.schemas.WeightUpdate.values()[update];
        i.recomputeKv = in.readBoolean();
        i.thrownTokens = in.readLong();
        i.recomputedTokens = in.readLong();
        i.kvHeldAtUpdates = in.readLong();
        i.assigned = in.readLong();
        return i;
    }

    static void writeSequence(Sequence q, DataOutput out) throws IOException {
        out.writeLong(q.trajectoryId);
        out.writeLong(q.promptId);
        out.writeInt(q.sampleIndex);
        out.writeInt(q.promptTokens);
        out.writeInt(q.responseTokens);
        out.writeInt(q.targetVersion);
        out.writeLong(q.dispatchUs);
        out.writeLong(q.startUs);
        out.writeInt(q.startVersion);
        out.writeInt(q.interruptions);
        out.writeInt(q.preemptions);
        out.writeInt(q.generatedAtJoin);
        out.writeLong(q.joinStep);
        out.writeInt(q.spanVersion);
        out.writeInt(q.spanStartTokens);
        writeList(q.spanVersions, (x, o) -> o.writeInt(x), out);
        writeList(q.spanTokens, (x, o) -> o.writeInt(x), out);
        AgenticState.writeTurnState(q.turns, out);
        out.writeInt(q.requeues);
        out.writeInt(q.round);
    }

    static Sequence readSequence(DataInput in) throws IOException {
        Sequence q = new Sequence();
        q.trajectoryId = in.readLong();
        q.promptId = in.readLong();
        q.sampleIndex = in.readInt();
        q.promptTokens = in.readInt();
        q.responseTokens = in.readInt();
        q.targetVersion = in.readInt();
        q.dispatchUs = in.readLong();
        q.startUs = in.readLong();
        q.startVersion = in.readInt();
        q.interruptions = in.readInt();
        q.preemptions = in.readInt();
        q.generatedAtJoin = in.readInt();
        q.joinStep = in.readLong();
        q.spanVersion = in.readInt();
        q.spanStartTokens = in.readInt();
        readList(q.spanVersions, DataInput::readInt, in);
        readList(q.spanTokens, DataInput::readInt, in);
        q.turns = AgenticState.readTurnState(in);
        q.requeues = in.readInt();
        q.round = in.readInt();
        return q;
    }
}
