package io.asyncrl.jobs.spec;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.MemoryCheck;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.schemas.ClusterSpec;
import io.asyncrl.schemas.Placement;
import io.asyncrl.schemas.RoleSpec;

/**
 * Does each role fit its devices' memory: a rollout instance (weights plus one longest sequence's KV
 * cache at the engine's memory fraction), training (weights, gradients, optimizer state, activations
 * over tp x pp x data parallelism), the reward model. A refusal names the tp that would fit, if any.
 */
final class MemoryFitChecker {
    private final ValidationContext c;

    MemoryFitChecker(ValidationContext c) {
        this.c = c;
    }

    private double rolloutMemoryFraction() {
        ClusterSpec cl = c.spec.getCluster();
        return c.hardware().rolloutEngine(cl.getPlacement() == Placement.COLOCATED, cl.getRolloutMemoryFraction(),
                cl.getRolloutEager()).memoryFraction();
    }

    void checkRollout(Device device, ModelArch model, long kvTokens) {
        RoleSpec r = c.spec.getCluster().getRollout();
        MemoryCheck check = c.hardware().inferenceFits(device, model, r.getTp(), kvTokens, rolloutMemoryFraction());
        if (!check.fits()) {
            c.error("cluster.rollout.tp", "a rollout instance does not fit in memory: " + check.message()
                    + fitHint(device, model, r.getTp(), r.getDevices(), kvTokens));
        }
    }

    void checkTraining(Device device, ModelArch model) {
        RoleSpec t = c.spec.getCluster().getTrain();
        MemoryCheck check = c.hardware().trainingFits(device, model, t.getDevices(), t.getTp(), t.getPp());
        if (!check.fits()) {
            String hint = "";
            for (int tp = t.getTp() + 1; tp <= t.getDevices() / t.getPp(); tp++) {
                if (t.getDevices() % (tp * t.getPp()) == 0 && model.heads() % tp == 0
                        && c.hardware().trainingFits(device, model, t.getDevices(), tp, t.getPp()).fits()) {
                    hint = "; on these " + t.getDevices() + " devices tp " + tp + " with pp " + t.getPp() + " fits";
                    break;
                }
            }
            c.error("cluster.train.tp", "training does not fit in memory: " + check.message() + hint);
        }
    }

    /** The reward model, served at {@code tp} on {@code devices}, fits with one sequence's KV cache. */
    void checkRewardModel(Device device, ModelArch rewardModel, int tp, int devices, long kvTokens) {
        MemoryCheck check = c.hardware().inferenceFits(device, rewardModel, tp, kvTokens);
        if (!check.fits()) {
            c.error("workload.reward.tp", "the reward model does not fit in memory: " + check.message()
                    + fitHint(device, rewardModel, tp, devices, kvTokens));
        }
    }

    /**
     * "; tp 4 fits" when a larger tp that divides both the heads and {@code devices} fits, else nothing
     * (the hardware model's own message says what to raise).
     */
    private String fitHint(Device device, ModelArch model, int tp, int devices, long kvTokens) {
        for (int t = tp + 1; t <= devices; t++) {
            if (devices % t == 0 && model.heads() % t == 0
                    && c.hardware().inferenceFits(device, model, t, kvTokens, rolloutMemoryFraction()).fits()) {
                return "; on these " + devices + " devices tp " + t + " fits";
            }
        }
        return "";
    }
}
