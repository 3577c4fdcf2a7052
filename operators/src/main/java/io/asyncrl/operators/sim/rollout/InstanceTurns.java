package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.agentic.KvHolds;
import io.asyncrl.schemas.EnvExecution;
import io.asyncrl.schemas.EnvironmentSpec;
import io.asyncrl.schemas.KvRetention;
import io.asyncrl.operators.sim.core.SimTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What one rollout instance does at the turn boundaries of multi-turn trajectories; its hooks are called
 * from {@link RolloutInstance} and the instance keeps no other agentic logic.
 *
 * <p>When a non-final turn ends the KV cache is kept ({@link KvHolds}: the next turn prefills only the
 * tool output) or freed (the next turn re-prefills the whole context), and the trajectory leaves for the
 * environment. With {@code execution: async} it leaves at once and the instance goes on with the rest of
 * its batch (ROLL Flash's environment-level asynchrony). With {@code turn-sync} it is parked until the
 * instance has nothing left running, then the whole batch steps together and the instance admits nothing
 * until every step is back: generate a turn, step all environments, generate the next. {@code parked}
 * and {@code outbox} are emptied at every turn-sync barrier and after every event respectively.
 */
public final class InstanceTurns {
    boolean keep;
    boolean turnSync;
    long ttlUs = -1;
    KvHolds holds = new KvHolds();
    ArrayList<Sequence> parked = new ArrayList<>();
    ArrayList<Sequence> outbox = new ArrayList<>();
    /** Turn-sync: trajectories of this instance in an environment step. */
    int outstanding;
    long reusedTokens;
    long turnPrefillTokens;
    long maxKvTokens;

    public InstanceTurns() {}

    static InstanceTurns of(EnvironmentSpec env) {
        InstanceTurns t = new InstanceTurns();
        t.keep = env == null || env.getKvCache() == KvRetention.KEEP;
        t.turnSync = env != null && env.getExecution() == EnvExecution.TURN_SYNC;
        if (env != null && env.getKvTtlSeconds() != null) {
            t.ttlUs = SimTime.micros(env.getKvTtlSeconds());
        }
        return t;
    }

    /**
     * A sequence reached the end of its current turn at {@code t}; false for a last turn (it completes).
     * Otherwise its cache is kept or freed and it moves to its next turn, bound for the environment.
     */
    boolean endTurn(RolloutInstance inst, Sequence s, long t) {
        TurnState ts = s.turns;
        if (ts == null || ts.lastTurn()) {
            return false;
        }
        int generated = s.generated(inst.stepCounter);
        long context = s.contextTokens(inst.stepCounter);
        if (keep) {
            holds.add(s.trajectoryId, context, inst.weights, t);
        } else {
            inst.kvTokens -= context;
        }
        s.promptTokens += ts.tool[ts.turn];
        ts.turn++;
        s.generatedAtJoin = generated;
        s.responseTokens = ts.generatedEnd[ts.turn];
        ts.instance = inst.index;
        if (turnSync) {
            parked.add(s);
        } else {
            outbox.add(s);
        }
        return true;
    }

    /** After an event: a turn-sync instance with nothing running sends its parked batch to the environment. */
    void afterEvent(RolloutInstance inst) {
        maxKvTokens = Math.max(maxKvTokens, inst.kvTokens);
        if (turnSync && inst.idle() && !parked.isEmpty()) {
            parked.sort((a, b) -> Long.compare(a.trajectoryId, b.trajectoryId));
            outstanding += parked.size();
            outbox.addAll(parked);
            parked.clear();
        }
    }

    boolean blocksAdmission() {
        return turnSync && (!parked.isEmpty() || outstanding > 0);
    }

    /** A trajectory is back from its environment step: it goes ahead of fresh work in the queue. */
    void onReturn(RolloutInstance inst, Sequence s) {
        if (turnSync) {
            outstanding--;
        }
        inst.queue.addFirst(s);
    }

    /**
     * Tokens of {@code s}'s context still in this instance's cache and usable for its next turn. A hold
     * that is no longer usable (weights changed, time-to-live over) is freed here.
     */
    long reusable(RolloutInstance inst, Sequence s) {
        KvHolds.Hold h = holds.find(s.trajectoryId);
        if (h == null) {
            return 0;
        }
        if (KvHolds.reusable(h, inst.clock, inst.weights, ttlUs)) {
            return h.tokens();
        }
        holds.remove(h);
        inst.kvTokens -= h.tokens();
        return 0;
    }

    /** Frees held caches of other trajectories until {@code needed} tokens are free. */
    void makeRoom(RolloutInstance inst, long needed, long forTrajectory) {
        if (needed > 0) {
            inst.kvTokens -= holds.evict(needed, forTrajectory);
        }
    }

    /** The KV cache cannot grow: a held cache goes first; false when none is left (then preemption). */
    boolean evictForGrowth(RolloutInstance inst) {
        if (holds.isEmpty()) {
            return false;
        }
        inst.kvTokens -= holds.evict(1, Long.MIN_VALUE);
        return true;
    }

    /** {@code s} is admitted for its next turn with {@code reused} tokens of its context already cached. */
    void admitted(Sequence s, long context, long reused) {
        if (s.turns == null || s.turns.turn == 0) {
            return;
        }
        KvHolds.Hold h = holds.find(s.trajectoryId);
        if (h != null && reused > 0) {
            holds.remove(h);
        }
        reusedTokens += reused;
        turnPrefillTokens += context - reused;
    }

    /** Sequences sent to the environment since the last call. */
    List<Sequence> drainOutbox() {
        if (outbox.isEmpty()) {
            return List.of();
        }
        List<Sequence> out = new ArrayList<>(outbox);
        outbox.clear();
        return out;
    }
}
