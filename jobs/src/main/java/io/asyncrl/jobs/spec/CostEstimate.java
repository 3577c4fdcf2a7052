package io.asyncrl.jobs.spec;

import io.asyncrl.operators.flink.ExperimentBudget;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.RewardKind;
import io.asyncrl.schemas.RewardSpec;
import java.util.Locale;

/**
 * What running a spec will cost, computed from the spec alone before anything runs, so that
 * {@link CostBound} can refuse a spec that would exhaust the heap, the CPU or simulated time.
 * Estimates, not exact figures: the per-unit sizes were measured as the peak heap of in-memory runs
 * of examples/tiny-async.yaml scaled up (2.4 to 3.6 KB per trajectory at 16,384 x 4 and 4,096 x 4
 * prompts per step; 450 bytes per instance at 100,000 rollout instances), rounded up; the same sizes
 * as the stages' own {@link ExperimentBudget}, the line behind this one.
 *
 * @param rolloutInstances rollout instances plus evaluation instances
 * @param trajectoriesPerStep prompts_per_step x group_size
 * @param trajectoriesInFlight trajectories the stages may hold at once: a step's worth per version the
 *     mode lets generation run ahead (sync 1, one-step-off 2, async max_staleness + 1)
 * @param events instance visits over the run: trajectories x (rollout instances + reward servers)
 * @param stateBytes stage state: instances, reward servers and trajectories in flight
 * @param simulatedRewardHours simulated time the reward work alone takes (rule rewards)
 */
public record CostEstimate(long rolloutInstances, long trajectoriesPerStep, long trajectoriesInFlight, double events,
        double stateBytes, double simulatedRewardHours) {

    static final long BYTES_PER_INSTANCE = ExperimentBudget.BYTES_PER_INSTANCE;
    static final long BYTES_PER_TRAJECTORY = ExperimentBudget.BYTES_PER_TRAJECTORY;
    static final long BYTES_PER_REWARD_SERVER = 8;

    /** The estimate of a spec whose fields passed {@link SpecValidator} (positive sizes). */
    public static CostEstimate of(ExperimentSpec spec) {
        var cl = spec.getCluster();
        long instances = cl.getRollout().getDevices() / Math.max(1, cl.getRollout().getTp());
        int evalDevices = spec.getEvaluation().getEverySteps() > 0
                ? Math.max(spec.getEvaluation().getDevices(), cl.getRollout().getTp()) : 0;
        instances += evalDevices / Math.max(1, cl.getRollout().getTp());
        var alg = spec.getAlgorithm();
        long perStep = (long) alg.getPromptsPerStep() * alg.getGroupSize();
        long ahead = switch (spec.getAsync().getMode()) {
            case SYNC -> 1;
            case ONE_STEP_OFF -> 2;
            case ASYNC -> (long) spec.getAsync().getMaxStaleness() + 1;
        };
        long inFlight = perStep * Math.min(ahead, Math.max(1, alg.getSteps()));
        long servers = rewardServers(spec.getWorkload().getReward());
        double trajectories = (double) perStep * alg.getSteps();
        double events = trajectories * ((double) instances + servers);
        double state = (double) instances * BYTES_PER_INSTANCE + (double) inFlight * BYTES_PER_TRAJECTORY
                + (double) servers * BYTES_PER_REWARD_SERVER;
        RewardSpec r = spec.getWorkload().getReward();
        double rewardHours = r.getKind() == RewardKind.RULE
                ? Math.ceil((double) perStep / Math.max(1, r.getWorkers())) * r.getCpuMsPerSample() * alg.getSteps()
                        / 3_600_000.0
                : 0;
        return new CostEstimate(instances, perStep, inFlight, events, state, rewardHours);
    }

    private static long rewardServers(RewardSpec r) {
        return r.getKind() == RewardKind.MODEL ? r.getDevices() / Math.max(1, r.getTp()) : r.getWorkers();
    }

    public double stateMb() {
        return stateBytes / (1024.0 * 1024.0);
    }

    /** One line for {@code check} and {@code submit}: "4 rollout instances, 32 trajectories per step, ...". */
    public String summary() {
        return String.format(Locale.ROOT, "%d rollout instances, %d trajectories per step (%d in flight), %s instance "
                + "visits, %s MiB of state, %s simulated hours of reward work", rolloutInstances, trajectoriesPerStep,
                trajectoriesInFlight, num(events), num(stateMb()), num(simulatedRewardHours));
    }

    static String num(double v) {
        if (v >= 1e7 || (v > 0 && v < 0.01)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
