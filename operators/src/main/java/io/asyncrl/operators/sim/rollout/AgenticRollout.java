package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.agentic.EnvironmentPool;
import io.asyncrl.operators.sim.agentic.TurnPlan;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.schemas.EnvironmentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rollout simulator's multi-turn hooks, kept apart so that single-turn work runs exactly as before:
 * every method does nothing when the spec has no {@code workload.turns}. A trajectory's turn ends on its
 * instance ({@link InstanceTurns}), its environment step runs in the simulator's {@link EnvironmentPool},
 * and it comes back to the same instance for the next turn's prefill.
 */
final class AgenticRollout {
    private AgenticRollout() {}

    static void attach(RolloutSimulator sim, SimParams params) {
        if (!TurnPlan.multiTurn(params.spec)) {
            return;
        }
        EnvironmentSpec env = params.spec.getWorkload().getEnvironment();
        sim.environment = new EnvironmentPool<>(env == null ? null : env.getWorkers());
        for (RolloutInstance inst : sim.instances) {
            inst.turns = InstanceTurns.of(env);
        }
    }

    static void plan(RolloutSimulator sim, Sequence s) {
        s.turns = TurnState.of(TurnPlan.of(sim.specHolder.get(), s.trajectoryId, s.responseTokens));
    }

    /** Sends the trajectories whose turn just ended on {@code inst} to their environment step. */
    static void toEnvironment(RolloutSimulator sim, RolloutInstance inst, long t) {
        if (inst.turns == null) {
            return;
        }
        for (Sequence s : inst.turns.drainOutbox()) {
            sim.environment.submit(t, s.trajectoryId, s.turns.envUs[s.turns.turn - 1], s);
        }
    }

    /** The earliest environment step ends at {@code t}: its trajectory goes back to its instance. */
    static void returnFromEnvironment(RolloutSimulator sim, long t) {
        Sequence s = sim.environment.poll();
        RolloutInstance inst = sim.instances[s.turns.instance];
        inst.returnFromEnvironment(sim.params().rolloutTiming, t, s, sim.params().maxNumSeqs);
        // a turn-sync instance released by this return may end turns at once (zero-token turns are not
        // possible, but a barrier may release immediately): hand anything pending over
        toEnvironment(sim, inst, t);
        sim.refresh(inst);
    }

    /** Trajectories that belong to {@code inst}: on it, parked at its turn barrier, or in an environment step. */
    static List<Sequence> inFlight(RolloutSimulator sim, RolloutInstance inst) {
        List<Sequence> all = inst.inFlight();
        if (inst.turns == null) {
            return all;
        }
        all = new ArrayList<>(all);
        all.addAll(inst.turns.parked);
        for (Sequence s : sim.environment.inFlight()) {
            if (s.turns.instance == inst.index) {
                all.add(s);
            }
        }
        return all;
    }

    static void counters(RolloutSimulator sim, long endUs, Map<String, Long> c) {
        if (sim.environment == null) {
            return;
        }
        long reused = 0;
        long turnPrefill = 0;
        long evictions = 0;
        long maxKv = 0;
        for (RolloutInstance inst : sim.instances) {
            reused += inst.turns.reusedTokens;
            turnPrefill += inst.turns.turnPrefillTokens;
            evictions += inst.turns.holds.evictions();
            maxKv = Math.max(maxKv, inst.turns.maxKvTokens);
        }
        c.put("env_steps", sim.environment.steps());
        c.put("env_busy_us", sim.environment.busyUs(endUs));
        c.put("env_wait_us", sim.environment.waitUs());
        c.put("env_workers", (long) sim.environment.workers());
        c.put("kv_reused_tokens", reused);
        c.put("turn_prefill_tokens", turnPrefill);
        c.put("kv_hold_evictions", evictions);
        c.put("kv_max_tokens", maxKv);
    }
}
