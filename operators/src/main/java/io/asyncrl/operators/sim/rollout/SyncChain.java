package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.core.SimParams;

/**
 * How far a {@code sync} rollout may simulate past the versions' watermark. In {@code sync} mode without a policy,
 * dynamic sampling, multi-turn work, streaming, partial rollout or several updates per weight sync, the trainer
 * publishes version k + 1 only after it has trained all of batch k, so after every answer of batch k has
 * completed, been scored and trained (a step takes a positive time). While a shard still holds an answer of
 * the batch (queued, prefilling or running), the answer completes at or after the shard's next event, so no
 * version can come at or before that event: the shard may process it whatever the versions' watermark says.
 * The whole batch is then simulated in one advance instead of one stride of the trainer's lookahead per round
 * trip through the reward and training stages.
 *
 * <p>Once the shard's share of the batch is done, the next version comes after the last event so processed, and
 * nothing is emitted before that version plus a generation: the output watermark says so. A version that arrives
 * before what the shard has simulated fails loudly ({@link #checkArrival}).
 */
final class SyncChain {
    private SyncChain() {}

    static boolean applies(SimParams params, RolloutSimulator sim) {
        return params.syncWholeBatches() && sim.environment == null && !params.partialRollout
                && params.staleness.updatesPerSync() == 1;
    }

    /** Answers queued, prefilling or running on the shard's instances. */
    static int inFlight(RolloutSimulator sim) {
        int n = 0;
        for (int i = sim.shardIndex; i < sim.instances.length; i += sim.shardCount) {
            n += sim.instances[i].load();
        }
        return n;
    }

    static void checkArrival(long availableUs, long processedUs, int version) {
        if (availableUs < processedUs) {
            throw new IllegalStateException("policy version " + version + " available at " + availableUs
                    + " us reached a rollout that has simulated to " + processedUs + " us: a lookahead promised too much");
        }
    }
}
