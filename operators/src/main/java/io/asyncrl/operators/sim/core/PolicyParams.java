package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.AsyncSpec;
import io.asyncrl.schemas.PolicySpec;
import io.asyncrl.schemas.Surplus;
import io.asyncrl.schemas.WeightUpdate;

/**
 * The spec's {@code async.policy}, resolved once for the stages (docs/policies.md). Null in {@link SimParams}
 * when the spec sets no policy, so every stage keeps its earlier behaviour byte for byte.
 */
public final class PolicyParams {
    /** Null: the mode's behaviour at a weight update. */
    public final WeightUpdate weightUpdate;
    public final boolean recomputeKv;
    /** -1: no age bound. */
    public final int maxTrajectoryAge;
    /** 0: no over-provisioning. */
    public final double overProvision;
    public final Surplus surplus;

    private PolicyParams(PolicySpec p) {
        this.weightUpdate = p.getWeightUpdate();
        this.recomputeKv = p.getRecomputeKv();
        this.maxTrajectoryAge = p.getMaxTrajectoryAge() == null ? -1 : p.getMaxTrajectoryAge();
        this.overProvision = p.getOverProvision() == null ? 0.0 : p.getOverProvision();
        this.surplus = p.getSurplus() == null ? Surplus.ABORT : p.getSurplus();
    }

    /** The policy of {@code async}, or null when it sets none. */
    public static PolicyParams of(AsyncSpec async) {
        return async.getPolicy() == null ? null : new PolicyParams(async.getPolicy());
    }

    /** Whether the rollout assigns each group to a training step (over-provisioning and tail batching). */
    public boolean assignsRounds() {
        return overProvision > 0;
    }

    /** Prompts the rollout dispatches to open an ordinary round of a step of {@code promptsPerStep} groups. */
    public int roundPrompts(int promptsPerStep) {
        return (int) Math.ceil(promptsPerStep * (1.0 + overProvision) - 1e-9);
    }

    /** Rounds the rollout may open ahead of the version it holds (one-step-off generates one step ahead). */
    public static int roundsAhead(AsyncMode mode) {
        return mode == AsyncMode.ONE_STEP_OFF ? 1 : 0;
    }

    /**
     * Prompts to generate: {@code batches} batches of the mode's rule, each over-provisioned, and twice that when
     * groups may be dropped for age (a dropped group's prompt is replaced by a new one). A rollout that runs out
     * ends the experiment early rather than wait forever.
     */
    public long promptCount(long batches, int promptsPerStep) {
        long perBatch = assignsRounds() ? roundPrompts(promptsPerStep) : promptsPerStep;
        long n = batches * perBatch;
        return maxTrajectoryAge >= 0 ? 2 * n : n;
    }
}
