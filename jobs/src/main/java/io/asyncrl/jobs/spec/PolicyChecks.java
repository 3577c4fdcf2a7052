package io.asyncrl.jobs.spec;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.AsyncSpec;
import io.asyncrl.schemas.PolicySpec;
import io.asyncrl.schemas.WeightUpdate;

/** Semantic checks of {@code async.policy}: which mode each policy needs and which settings go together. */
final class PolicyChecks {
    /** Over-provisioning beyond 4x the batch is refused: the surplus would dwarf the step. */
    static final double MAX_OVER_PROVISION = 4.0;

    private final ValidationContext c;

    PolicyChecks(ValidationContext c) {
        this.c = c;
    }

    void check() {
        AsyncSpec a = c.spec.getAsync();
        PolicySpec p = a.getPolicy();
        if (p == null || !c.ok("async.mode", "async.policy")) {
            return;
        }
        String mode = SpecReader.enumName(a.getMode());
        if (p.getWeightUpdate() != null && c.ok("async.policy.weight_update")) {
            if (a.getMode() == AsyncMode.SYNC) {
                c.error("async.policy.weight_update", "mode sync has nothing in flight when new weights arrive (each batch "
                        + "is generated before it is trained): remove it, or set mode one-step-off or async");
            }
            if (c.ok("async.partial_rollout") && a.getPartialRollout()) {
                c.error("async.policy.weight_update", "async.partial_rollout is already a weight-update policy (in-flight "
                        + "with recompute_kv: true): give one of them");
            }
        }
        if (p.getRecomputeKv() && p.getWeightUpdate() != WeightUpdate.IN_FLIGHT && c.ok("async.policy.weight_update")) {
            c.error("async.policy.recompute_kv", "applies to weight_update: in-flight only (the KV cache kept across an "
                    + "update is recomputed); set weight_update: in-flight or remove it");
        }
        if (p.getMaxTrajectoryAge() != null && c.ok("async.policy.max_trajectory_age")) {
            if (p.getMaxTrajectoryAge() < 0) {
                c.error("async.policy.max_trajectory_age", "must be a non-negative number of steps, got "
                        + p.getMaxTrajectoryAge());
            } else if (a.getMode() != AsyncMode.ASYNC) {
                c.error("async.policy.max_trajectory_age", "bounds the age of trajectories the trainer buffers, which "
                        + "only mode async has (mode " + mode + " fixes it); set mode async or remove it");
            } else if (a.getStreaming()) {
                c.error("async.policy.max_trajectory_age", "is not supported with async.streaming (streamed minibatches "
                        + "take groups as they complete); remove one of them");
            }
        }
        Double op = p.getOverProvision();
        if (op != null && c.ok("async.policy.over_provision")) {
            if (!(op > 0 && op <= MAX_OVER_PROVISION)) {
                c.error("async.policy.over_provision", "must be a share of the batch in (0, " + MAX_OVER_PROVISION
                        + "] (0.5 dispatches 1.5x the prompts a step needs), got " + op);
            } else if (a.getMode() == AsyncMode.ASYNC) {
                c.error("async.policy.over_provision", "closes each step's rollout round with exactly its batch, which "
                        + "modes sync and one-step-off have; mode async streams groups instead: set mode sync or "
                        + "one-step-off, or remove it");
            } else if (a.getStreaming() || a.getUpdatesPerSync() > 1) {
                c.error("async.policy.over_provision", "needs one step per round: remove async.streaming and "
                        + "async.updates_per_sync");
            }
        }
        if (p.getSurplus() != null && op == null && c.ok("async.policy.surplus")) {
            c.error("async.policy.surplus", "says what happens to over-provisioned prompts; set async.policy.over_provision "
                    + "(e.g. 0.5) or remove it");
        }
    }
}
