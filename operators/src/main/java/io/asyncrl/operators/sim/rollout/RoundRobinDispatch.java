package io.asyncrl.operators.sim.rollout;

/**
 * The {@code async} controller of a framework that dispatches round-robin ({@code dispatch: round-robin}, AReaL's
 * gserver manager): prompt group g goes to instance g mod n, all its answers together, and each instance admits its
 * own groups in group order, one answer at a time, while it has queue credit ({@code queue_depth} beyond those
 * running) and the staleness rule admits the answer's trajectory id.
 *
 * <p>No decision reads another instance: which instance gets a group is fixed by its index, and whether an answer is
 * admitted depends on the trajectory id, the latest version and the instance's own queue. So a shard that owns some
 * instances ({@link RolloutShards}) takes exactly the decisions the unsplit controller takes for them. Admission by
 * trajectory id is the rule of {@link io.asyncrl.operators.sim.core.StalenessRule}: an answer is admitted only while
 * its batch is within the bound of the latest version, however many answers of later groups other instances admitted
 * first.
 *
 * <p>An instance can gain queue credit only at its own event, and an answer becomes admissible only when a version
 * arrives or prompts arrive; so after an instance event only that instance is offered work, and after a version
 * arrival (or new prompts) every instance is, which takes the same decisions as offering every instance work after
 * every event.
 */
final class RoundRobinDispatch {
    private RoundRobinDispatch() {}

    /** The trajectory id of answer {@code k} (0-based) among those of instance {@code i}'s groups, of {@code n}. */
    static long trajectory(long k, int i, int n, int groupSize) {
        return ((k / groupSize) * n + i) * groupSize + k % groupSize;
    }

    /** Offers work to every instance of the shard (after a version arrival, or when prompts arrived). */
    static void all(RolloutSimulator sim, long t) {
        for (int i = sim.shardIndex; i < sim.instances.length; i += sim.shardCount) {
            one(sim, sim.instances[i], t);
        }
        sim.promptsOffered = sim.prompts.size();
    }

    /** Offers work to one instance, after its own event; to every one if prompts arrived since the last offer. */
    static void after(RolloutSimulator sim, RolloutInstance inst, long t) {
        if (sim.prompts.size() != sim.promptsOffered) {
            all(sim, t);
        } else {
            one(sim, inst, t);
        }
    }

    private static void one(RolloutSimulator sim, RolloutInstance inst, long t) {
        var params = sim.params();
        int n = sim.instances.length;
        boolean changed = false;
        while (inst.queue.size() < params.queueDepth) {
            long id = trajectory(inst.assigned, inst.index, n, params.groupSize);
            if (!sim.admissible(id)) {
                break;
            }
            inst.advanceTo(params.rolloutTiming, t);
            inst.enqueue(sim.newSequence(id, t));
            inst.assigned++;
            inst.tryStart(params.rolloutTiming, params.maxNumSeqs);
            changed = true;
        }
        if (changed) {
            sim.refresh(inst);
        }
    }
}
