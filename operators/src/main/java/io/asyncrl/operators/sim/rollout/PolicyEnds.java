package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.core.SimTime;

/** When a policy's rollout ends on its own, before the last version: out of work, or stalled by the age bound. */
final class PolicyEnds {
    private PolicyEnds() {}

    /**
     * Groups the age bound drops keep their admission slots (the trainer cannot tell the rollout), so enough drops
     * can leave the trainer short of a batch with nothing left to admit: no version would ever come again. Ends
     * the run (its summary then shows fewer steps) once the rollout has been idle with nothing admissible for ten
     * times the longest gap between two versions so far, a span no training step has taken.
     */
    static boolean stalledByAgeBound(RolloutSimulator sim, long watermarkUs) {
        if (sim.params().policy == null || sim.params().policy.maxTrajectoryAge < 0 || sim.longestVersionGapUs <= 0
                || sim.admissible(sim.nextTrajectory) || watermarkUs == SimTime.NEVER
                || watermarkUs - sim.lastVersionUs <= 10 * sim.longestVersionGapUs) {
            return false;
        }
        for (RolloutInstance inst : sim.instances) {
            if (!inst.idle() || !inst.queue.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** A policy's rollout can produce nothing more: every instance idle and no work left to start. */
    static boolean exhausted(RolloutSimulator sim) {
        for (RolloutInstance inst : sim.instances) {
            if (!inst.idle() || !inst.queue.isEmpty()) {
                return false;
            }
        }
        return sim.rounds != null ? sim.rounds.stuck(sim) : sim.nextTrajectory >= sim.promptsExpected * sim.params().groupSize;
    }
}
