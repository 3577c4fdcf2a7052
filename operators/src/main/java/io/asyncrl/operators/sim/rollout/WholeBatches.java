package io.asyncrl.operators.sim.rollout;

/**
 * The {@code sync} and {@code one-step-off} controller: once a whole batch is admissible it is split
 * into equal contiguous chunks across the instances (instance i gets trajectories
 * {@code first + b*i/n .. first + b*(i+1)/n}), as verl does. The decision reads only the trajectory
 * count and the versions, never an instance, so a shard that owns some instances
 * ({@link RolloutShards}) takes exactly the same decisions and queues only its own chunks.
 */
final class WholeBatches {
    private WholeBatches() {}

    static void dispatch(RolloutSimulator sim, long t) {
        RolloutInstance[] instances = sim.instances;
        int n = instances.length;
        var timing = sim.params().rolloutTiming;
        int maxNumSeqs = sim.params().maxNumSeqs;
        for (long b = sim.batchLength(sim.nextTrajectory);
                sim.admissible(sim.nextTrajectory) && sim.admissible(sim.nextTrajectory + b - 1);
                b = sim.batchLength(sim.nextTrajectory)) {
            long first = sim.nextTrajectory;
            for (int i = sim.shardIndex; i < n; i += sim.shardCount) {
                long from = first + b * i / n;
                long to = first + b * (i + 1) / n;
                for (long id = from; id < to; id++) {
                    instances[i].enqueue(sim.newSequence(id, t));
                }
            }
            sim.nextTrajectory += b;
            for (int i = sim.shardIndex; i < n; i += sim.shardCount) {
                instances[i].advanceTo(timing, t);
                instances[i].tryStart(timing, maxNumSeqs);
                sim.refresh(instances[i]);
            }
        }
    }
}
