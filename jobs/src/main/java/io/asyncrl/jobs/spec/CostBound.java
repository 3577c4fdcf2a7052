package io.asyncrl.jobs.spec;

import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.RewardKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses a spec whose {@link CostEstimate} exceeds the {@link CostLimits}: a spec that passes every
 * field check can still ask for a billion rollout instances, two billion prompts a step or a reward
 * that takes 10^300 ms, and in the shared service one such experiment would exhaust the heap (and the
 * job's restarts) for everyone. Each refusal names the field to change, the estimate and the limit
 * with its key. Run by {@link SpecLoader} (check, submit, run) and by the service's admission step.
 */
public final class CostBound {
    private CostBound() {}

    /** Every limit {@code spec} exceeds, as errors on the field that drives it; empty when it fits. */
    public static List<SpecError> check(ExperimentSpec spec, CostLimits limits) {
        CostEstimate e = CostEstimate.of(spec);
        List<SpecError> errors = new ArrayList<>();
        var cl = spec.getCluster();
        if (e.rolloutInstances() > limits.maxRolloutInstances()) {
            errors.add(new SpecError("cluster.rollout.devices", cl.getRollout().getDevices() + " devices at tp "
                    + cl.getRollout().getTp() + " make " + e.rolloutInstances() + " rollout instances, over the limit of "
                    + limits.maxRolloutInstances() + " (" + CostLimits.MAX_ROLLOUT_INSTANCES + "); use fewer devices"));
        }
        var alg = spec.getAlgorithm();
        if (e.trajectoriesPerStep() > limits.maxTrajectoriesPerStep()) {
            errors.add(new SpecError("algorithm.prompts_per_step", alg.getPromptsPerStep() + " prompts x group_size "
                    + alg.getGroupSize() + " make " + e.trajectoriesPerStep() + " trajectories per step, over the limit of "
                    + limits.maxTrajectoriesPerStep() + " (" + CostLimits.MAX_TRAJECTORIES_PER_STEP + ")"));
        }
        if (e.stateMb() > limits.maxStateMb()) {
            double instancesMb = (double) e.rolloutInstances() * CostEstimate.BYTES_PER_INSTANCE / (1 << 20);
            double trajectoriesMb = (double) e.trajectoriesInFlight() * CostEstimate.BYTES_PER_TRAJECTORY / (1 << 20);
            String field = instancesMb >= trajectoriesMb ? "cluster.rollout.devices" : "algorithm.prompts_per_step";
            String driver = instancesMb >= trajectoriesMb
                    ? e.rolloutInstances() + " rollout instances"
                    : e.trajectoriesInFlight() + " trajectories in flight";
            if (instancesMb < trajectoriesMb && (double) rewardServersBytes(spec) / (1 << 20) > trajectoriesMb) {
                field = "workload.reward.workers";
                driver = spec.getWorkload().getReward().getWorkers() + " reward workers";
            }
            errors.add(new SpecError(field, "the experiment's state is estimated at " + CostEstimate.num(e.stateMb())
                    + " MiB (" + driver + "), over the limit of " + limits.maxStateMb() + " MiB ("
                    + CostLimits.MAX_STATE_MB + ")"));
        }
        if (e.events() > limits.maxEvents() && errors.isEmpty()) {
            errors.add(new SpecError("algorithm.steps", alg.getSteps() + " steps of " + e.trajectoriesPerStep()
                    + " trajectories over " + e.rolloutInstances() + " rollout instances make an estimated "
                    + CostEstimate.num(e.events()) + " instance visits, over the limit of " + limits.maxEvents() + " ("
                    + CostLimits.MAX_EVENTS + "); use fewer steps, prompts or devices"));
        }
        if (e.simulatedRewardHours() > limits.maxSimulatedHours()) {
            errors.add(new SpecError("workload.reward.cpu_ms_per_sample", CostEstimate.num(
                    spec.getWorkload().getReward().getCpuMsPerSample()) + " ms per sample makes the reward work alone "
                    + CostEstimate.num(e.simulatedRewardHours()) + " simulated hours, over the limit of "
                    + limits.maxSimulatedHours() + " (" + CostLimits.MAX_SIMULATED_HOURS + ")"));
        }
        return errors;
    }

    private static double rewardServersBytes(ExperimentSpec spec) {
        var r = spec.getWorkload().getReward();
        return r.getKind() == RewardKind.RULE ? (double) r.getWorkers() * CostEstimate.BYTES_PER_REWARD_SERVER : 0;
    }
}
