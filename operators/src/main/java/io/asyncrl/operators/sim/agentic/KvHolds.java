package io.asyncrl.operators.sim.agentic;

import io.asyncrl.operators.sim.core.StateIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;

/**
 * KV caches an instance keeps for trajectories whose turn ended and whose environment step is running
 * (Continuum pins them with a time-to-live). The tokens stay counted in the instance's KV cache; a hold
 * is reusable by the trajectory's next turn when the weights are unchanged and its time-to-live has not
 * run out, and is evicted, oldest first, whenever the running batch or an admission needs the memory, so
 * holds never push the cache past its capacity. Cleared entry by entry: each hold leaves when its
 * trajectory is admitted again or when it is evicted.
 */
public final class KvHolds {
    ArrayList<Hold> holds = new ArrayList<>();
    long tokens;
    long evictions;

    public KvHolds() {}

    public void add(long trajectoryId, long heldTokens, int version, long turnEndUs) {
        holds.add(new Hold(trajectoryId, heldTokens, version, turnEndUs));
        tokens += heldTokens;
    }

    public boolean isEmpty() {
        return holds.isEmpty();
    }

    /** Tokens held in all. */
    public long tokens() {
        return tokens;
    }

    public long evictions() {
        return evictions;
    }

    /** The hold of {@code trajectoryId}, or null. */
    public Hold find(long trajectoryId) {
        for (Hold h : holds) {
            if (h.trajectoryId == trajectoryId) {
                return h;
            }
        }
        return null;
    }

    /** Takes the hold out of the list (its tokens are the caller's to keep or free). */
    public void remove(Hold h) {
        holds.remove(h);
        tokens -= h.tokens;
    }

    /** Whether a hold serves a turn admitted at {@code nowUs} under {@code weights}; {@code ttlUs < 0} is no limit. */
    public static boolean reusable(Hold h, long nowUs, int weights, long ttlUs) {
        return h.version == weights && (ttlUs < 0 || nowUs - h.turnEndUs <= ttlUs);
    }

    /** Evicts holds, oldest first and never {@code keepId}'s, until at least {@code needed} tokens are free; returns the tokens freed. */
    public long evict(long needed, long keepId) {
        long freed = 0;
        for (int i = 0; i < holds.size() && freed < needed; ) {
            Hold h = holds.get(i);
            if (h.trajectoryId == keepId) {
                i++;
                continue;
            }
            holds.remove(i);
            tokens -= h.tokens;
            freed += h.tokens;
            evictions++;
        }
        return freed;
    }

    /** The state format: every hold in order, the total and the evictions. */
    public void write(DataOutput out) throws IOException {
        StateIo.writeList(holds, (h, o) -> {
            o.writeLong(h.trajectoryId);
            o.writeLong(h.tokens);
            o.writeInt(h.version);
            o.writeLong(h.turnEndUs);
        }, out);
        out.writeLong(tokens);
        out.writeLong(evictions);
    }

    public static KvHolds read(DataInput in) throws IOException {
        KvHolds k = new KvHolds();
        StateIo.readList(k.holds, i -> new Hold(i.readLong(), i.readLong(), i.readInt(), i.readLong()), in);
        k.tokens = in.readLong();
        k.evictions = in.readLong();
        return k;
    }

    /** One trajectory's kept cache. */
    public static final class Hold {
        long trajectoryId;
        long tokens;
        int version;
        long turnEndUs;

        public Hold() {}

        Hold(long trajectoryId, long tokens, int version, long turnEndUs) {
            this.trajectoryId = trajectoryId;
            this.tokens = tokens;
            this.version = version;
            this.turnEndUs = turnEndUs;
        }

        public long tokens() {
            return tokens;
        }
    }
}
