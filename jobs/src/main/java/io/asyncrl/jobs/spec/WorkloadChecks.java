package io.asyncrl.jobs.spec;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.schemas.AlgorithmKind;
import io.asyncrl.schemas.AlgorithmSpec;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.RewardKind;
import io.asyncrl.schemas.RewardSpec;
import java.util.Optional;

/** Checks {@code algorithm:} sizes and {@code workload:}: the length distributions and the reward. */
final class WorkloadChecks {
    private final ValidationContext c;
    private final ModelChecks models;
    private final MemoryFitChecker memory;

    WorkloadChecks(ValidationContext c, ModelChecks models, MemoryFitChecker memory) {
        this.c = c;
        this.models = models;
        this.memory = memory;
    }

    void checkAlgorithm() {
        AlgorithmSpec a = c.spec.getAlgorithm();
        boolean groupOk = c.positiveInt("algorithm.group_size", a.getGroupSize());
        if (groupOk && c.ok("algorithm.kind") && a.getKind() != AlgorithmKind.PPO && a.getGroupSize() < 2) {
            c.error("algorithm.group_size", "must be at least 2 for " + SpecReader.enumName(a.getKind())
                    + " (its advantage compares the responses within a group), got " + a.getGroupSize()
                    + "; use kind ppo for one response per prompt");
        }
        boolean promptsOk = c.positiveInt("algorithm.prompts_per_step", a.getPromptsPerStep());
        boolean miniOk = c.positiveInt("algorithm.minibatches", a.getMinibatches());
        c.positiveInt("algorithm.steps", a.getSteps());
        if (groupOk && promptsOk && miniOk) {
            long sequences = (long) a.getGroupSize() * a.getPromptsPerStep();
            if (a.getMinibatches() > sequences) {
                c.error("algorithm.minibatches", "must not exceed the " + sequences + " sequences of a step (prompts_per_step "
                        + a.getPromptsPerStep() + " x group_size " + a.getGroupSize() + "), got " + a.getMinibatches());
            }
        }
    }

    /** Checks one length distribution; true when its maximum is usable for the memory checks. */
    boolean checkLengths(String path, LengthDist d) {
        if (!c.ok(path + ".dist")) {
            return false;
        }
        int before = c.errors.size();
        switch (d.getDist()) {
            case FIXED -> {
                if (c.ok(path + ".value") && d.getValue() < 1) {
                    c.error(path + ".value", "dist fixed needs value, a positive integer (tokens), got " + d.getValue());
                }
            }
            case UNIFORM -> {
                boolean minOk = c.positiveInt(path + ".min", d.getMin());
                if (c.ok(path + ".max") && d.getMax() < 1) {
                    c.error(path + ".max", "dist uniform needs max, a positive integer (tokens), got " + d.getMax());
                } else if (minOk && c.ok(path + ".max") && d.getMax() < d.getMin()) {
                    c.error(path + ".max", "must be >= min (" + d.getMin() + "), got " + d.getMax());
                }
            }
            case LOGNORMAL -> {
                boolean medianOk = true;
                if (c.ok(path + ".median") && !(d.getMedian() > 0)) {
                    c.error(path + ".median", "dist lognormal needs median, a positive number (tokens), got " + ValidationContext.fmt(d.getMedian()));
                    medianOk = false;
                }
                if (c.ok(path + ".sigma") && !(d.getSigma() >= 0)) {
                    c.error(path + ".sigma", "must be a non-negative number (sigma of the underlying normal), got "
                            + ValidationContext.fmt(d.getSigma()));
                }
                boolean minOk = c.positiveInt(path + ".min", d.getMin());
                if (c.ok(path + ".max") && d.getMax() < 1) {
                    c.error(path + ".max", "dist lognormal needs max, the generation limit (a positive integer), got "
                            + d.getMax());
                } else if (medianOk && c.ok(path + ".median", path + ".max") && d.getMax() < d.getMedian()) {
                    c.error(path + ".max", "must be >= median (" + ValidationContext.fmt(d.getMedian()) + "): max is the generation limit "
                            + "that truncates the distribution, got " + d.getMax());
                } else if (minOk && c.ok(path + ".max") && d.getMax() < d.getMin()) {
                    c.error(path + ".max", "must be >= min (" + d.getMin() + "), got " + d.getMax());
                }
                if (minOk && medianOk && c.ok(path + ".median") && d.getMin() > d.getMedian()) {
                    c.error(path + ".min", "must be <= median (" + ValidationContext.fmt(d.getMedian()) + "), got " + d.getMin());
                }
                if (c.ok(path + ".prompt_share") && !(d.getPromptShare() >= 0 && d.getPromptShare() < 1)) {
                    c.error(path + ".prompt_share", "must be in [0, 1): the share of the log-length variance the samples of "
                            + "one prompt have in common (0: each drawn alone), got " + ValidationContext.fmt(d.getPromptShare()));
                }
            }
            default -> throw new IllegalStateException("unknown dist " + d.getDist());
        }
        return c.errors.size() == before && c.ok(path);
    }

    static int maxTokens(LengthDist d) {
        return d.getDist() == io.asyncrl.schemas.DistKind.FIXED ? d.getValue() : d.getMax();
    }

    void checkReward(Optional<Device> device, Long kvTokens) {
        RewardSpec r = c.spec.getWorkload().getReward();
        String p = "workload.reward";
        if (c.ok(p + ".cpu_ms_per_sample") && !(r.getCpuMsPerSample() >= 0 && Double.isFinite(r.getCpuMsPerSample()))) {
            c.error(p + ".cpu_ms_per_sample", "must be a non-negative number (milliseconds), got " + ValidationContext.fmt(r.getCpuMsPerSample()));
        }
        c.positiveInt(p + ".workers", r.getWorkers());
        boolean tpOk = c.positiveInt(p + ".tp", r.getTp());
        if (!c.ok(p + ".kind") || r.getKind() != RewardKind.MODEL) {
            return;
        }
        Optional<ModelArch> rewardModel = Optional.empty();
        if (c.ok(p + ".model")) {
            if (ValidationContext.isBlank(r.getModel())) {
                c.error(p + ".model", "kind model needs the reward model: set model to a catalog model name, e.g. qwen2.5-7b");
            } else {
                rewardModel = models.catalogModel(p + ".model", r.getModel());
            }
        }
        boolean devicesOk = false;
        if (c.ok(p + ".devices")) {
            if (r.getDevices() < 1) {
                c.error(p + ".devices", "kind model needs devices serving the reward model: must be a positive integer, got "
                        + r.getDevices());
            } else if (tpOk && r.getDevices() % r.getTp() != 0) {
                c.error(p + ".devices", "must be a multiple of tp (" + r.getTp() + "), got " + r.getDevices());
            } else {
                devicesOk = true;
            }
        }
        if (rewardModel.isPresent() && tpOk && devicesOk) {
            boolean headsOk = c.tpDividesHeads(p + ".tp", r.getTp(), rewardModel.get());
            if (headsOk && device.isPresent() && kvTokens != null) {
                memory.checkRewardModel(device.get(), rewardModel.get(), r.getTp(), r.getDevices(), kvTokens);
            }
        }
    }
}
