package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.agentic.TurnPlan;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.schemas.AsyncMode;

/**
 * When one experiment's rollout can be split over several shards with exactly the unsplit result.
 *
 * <p>In {@code sync} and {@code one-step-off} mode the controller splits each batch into equal
 * contiguous chunks across the instances once the batch is admissible, and admission depends only on
 * the trajectory count and the latest policy version: inputs every shard receives whole (prompts and
 * versions are broadcast). Each shard runs the same controller, so every shard makes the same
 * admission decisions, and simulates only its own instances (instance i belongs to shard i mod
 * count); an instance's timeline depends on nothing but its queue and the versions. Dynamic sampling
 * keeps that property: which groups are kept follows from the spec alone.
 *
 * <p>{@code async} mode splits the same way when the framework dispatches round-robin ({@link RoundRobinDispatch}:
 * a group's instance follows from its index, and each instance admits its own groups by the trajectory id and the
 * latest version).
 *
 * <p>Not split, so run on one shard: {@code async} mode with least-queued dispatch (the controller sends each
 * trajectory to the instance with the most free queue credits, re-deciding after every instance event, so every
 * instance's queue couples every dispatch), an {@code async.policy} (its rounds and ends look at
 * every instance), and multi-turn work (one environment pool serves every instance).
 */
public final class RolloutShards {
    /**
     * Counters only a shard's report carries, so the summary can add the shards' busy time in
     * microseconds and convert once, exactly as the unsplit rollout does (adding each shard's
     * device-seconds would round differently); the merge removes them.
     */
    public static final String BUSY_US = "shard_busy_us";
    public static final String TP = "shard_tp";

    private RolloutShards() {}

    static void addMergeCounters(java.util.Map<String, Long> counters, long busyUs, int tp) {
        counters.put(BUSY_US, busyUs);
        counters.put(TP, (long) tp);
    }

    /** How many shards the rollout of this experiment runs on when {@code requested} are offered (at least 1). */
    public static int count(SimParams params, int requested) {
        if (requested <= 1 || whyNot(params) != null) {
            return 1;
        }
        return Math.min(requested, params.rolloutInstances);
    }

    /** Why the rollout of this experiment cannot be split, or null when it can. */
    public static String whyNot(SimParams params) {
        if (params.policy != null) {
            return "an async.policy looks at every instance";
        }
        if (params.mode == AsyncMode.ASYNC && !params.roundRobinDispatch) {
            return "async mode dispatches by every instance's free queue credits; framework dispatch: round-robin "
                    + "would split it";
        }
        if (TurnPlan.multiTurn(params.spec)) {
            return "multi-turn work shares one environment pool";
        }
        return null;
    }
}
