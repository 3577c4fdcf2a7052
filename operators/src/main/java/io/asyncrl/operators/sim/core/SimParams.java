package io.asyncrl.operators.sim.core;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.FrameworkProfiles;
import io.asyncrl.hw.HardwareModel;
import io.asyncrl.hw.InstanceTiming;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.TrainJob;
import io.asyncrl.hw.TrainStepTiming;
import io.asyncrl.schemas.AlgorithmKind;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.Placement;
import io.asyncrl.schemas.RewardKind;

/**
 * Everything a stage needs from a spec, resolved once: sizes, mode and the hardware model's timing
 * objects. Stages keep only the spec in state and rebuild this after a restore.
 */
public final class SimParams {
    public final ExperimentSpec spec;
    public final HardwareModel hardware;
    public final Device device;
    public final ModelArch model;
    public final InstanceTiming rolloutTiming;
    public final int rolloutInstances;
    public final int rolloutTp;
    public final int groupSize;
    public final int promptsPerStep;
    public final int batchTrajectories;
    public final int steps;
    public final AsyncMode mode;
    /** Admission ahead of the trainer, the trained-sample bound and the update granularity. */
    public final StalenessRule staleness;
    public final int maxStaleness;
    public final boolean partialRollout;
    public final boolean colocated;
    /** Streaming data plane: PPO minibatches train as soon as their groups are complete. */
    public final boolean streaming;
    public final int minibatches;
    public final int maxNumSeqs;
    public final int queueDepth;
    public final long weightSyncUs;
    /** The part of {@link #weightSyncUs} that holds the trainer (it writes or sends the weights itself). */
    public final long trainerSyncUs;
    public final long switchUs;
    public final int minPromptTokens;
    public final int maxResponseTokens;
    /** Timing of a reward-model instance, or null for rule-based rewards. */
    public final InstanceTiming rewardTiming;
    /**
     * Per trajectory of a synchronous batch, the time the trainer's driver spends scoring it after generation, one
     * answer after another (the framework's {@code driver_reward_ms}, verl's ray_trainer); 0 when rewards are
     * scored by the workload's reward workers as answers finish.
     */
    public final long driverRewardUsPerTrajectory;
    /** The spec's {@code async.policy}, or null when it sets none. */
    public final PolicyParams policy;
    /**
     * {@code async} mode without an {@code async.policy}, under a framework whose {@code dispatch} is
     * {@code round-robin}: prompt group g goes to rollout instance g mod instances, and each instance admits its own
     * groups in order (AReaL's gserver manager); otherwise the controller sends each answer to the instance with the
     * most free queue credits.
     */
    public final boolean roundRobinDispatch;
    /**
     * The framework trains answers older than the staleness bound ({@code stale_samples: train}, AReaL): the bound then
     * holds at admission only. False: the trainer drops them, so no trained answer is older than the bound.
     */
    public final boolean trainsStale;

    public SimParams(ExperimentSpec spec, Device device, ModelArch model, HardwareModel hardware) {
        this(spec, device, model, null, hardware);
    }

    public SimParams(ExperimentSpec spec, Device device, ModelArch model, ModelArch rewardModel,
            HardwareModel hardware) {
        this.spec = spec;
        this.hardware = hardware;
        this.device = device;
        this.model = model;
        var cluster = spec.getCluster();
        this.rolloutTp = cluster.getRollout().getTp();
        this.rolloutInstances = cluster.getRollout().getDevices() / rolloutTp;
        this.rolloutTiming = hardware.inference(device, model, rolloutTp, hardware.rolloutEngine(
                cluster.getPlacement() == Placement.COLOCATED, cluster.getRolloutMemoryFraction(), cluster.getRolloutEager()));
        this.groupSize = spec.getAlgorithm().getGroupSize();
        this.promptsPerStep = spec.getAlgorithm().getPromptsPerStep();
        this.batchTrajectories = groupSize * promptsPerStep;
        this.steps = spec.getAlgorithm().getSteps();
        this.mode = spec.getAsync().getMode();
        this.staleness = StalenessRule.of(spec.getAsync(), batchTrajectories);
        this.maxStaleness = staleness.maxTrainedStaleness();
        this.partialRollout = mode == AsyncMode.ASYNC && spec.getAsync().getPartialRollout();
        this.colocated = cluster.getPlacement() == Placement.COLOCATED;
        this.streaming = !colocated && spec.getAsync().getStreaming();
        this.minibatches = Math.max(1, spec.getAlgorithm().getMinibatches());
        this.maxNumSeqs = cluster.getMaxNumSeqs();
        this.queueDepth = cluster.getQueueDepth();
        var train = cluster.getTrain();
        this.weightSyncUs = colocated ? 0 : SimTime.micros(hardware.weightSyncSeconds(
                device, model, train.getDevices(), cluster.getRollout().getDevices(), rolloutTp));
        this.trainerSyncUs = colocated ? 0 : StrictMath.min(weightSyncUs, SimTime.micros(hardware.weightSyncTrainerSeconds(
                device, model, train.getDevices(), cluster.getRollout().getDevices(), rolloutTp)));
        this.switchUs = colocated ? SimTime.micros(hardware.colocatedSwitchSeconds(
                device, model, train.getDevices(), rolloutTp, train.getTp())) : 0;
        this.minPromptTokens = minLength(spec.getWorkload().getPromptTokens());
        this.maxResponseTokens = maxLength(spec.getWorkload().getResponseTokens());
        this.rewardTiming = rewardModel == null ? null
                : hardware.inference(device, rewardModel, spec.getWorkload().getReward().getTp());
        this.policy = PolicyParams.of(spec.getAsync());
        this.driverRewardUsPerTrajectory = driverReward(spec);
        this.roundRobinDispatch = roundRobin(spec, policy);
        this.trainsStale = trainsStale(spec);
    }

    /** Whether the spec's framework trains answers older than the staleness bound (async mode only). */
    public static boolean trainsStale(ExperimentSpec spec) {
        FrameworkProfiles.Mechanic m = FrameworkProfiles.Mechanic.STALE_SAMPLES;
        return spec.getAsync().getMode() == AsyncMode.ASYNC && framework(spec, m).map(m::trainsStale).orElse(false);
    }

    /** Whether step {@code step} trains an answer its rollout started under version {@code startVersion}. */
    public boolean trains(int step, int startVersion) {
        return trainsStale || step - startVersion <= maxStaleness;
    }

    /** The value the spec's framework (its profile and the spec's own settings) gives {@code m}; none without one. */
    private static java.util.Optional<String> framework(ExperimentSpec spec, FrameworkProfiles.Mechanic m) {
        var framework = spec.getFramework();
        return framework == null ? java.util.Optional.empty()
                : FrameworkProfiles.value(framework.getName(), framework.getSettings(), m);
    }

    private static boolean roundRobin(ExperimentSpec spec, PolicyParams policy) {
        FrameworkProfiles.Mechanic m = FrameworkProfiles.Mechanic.DISPATCH;
        return policy == null && spec.getAsync().getMode() == AsyncMode.ASYNC
                && framework(spec, m).map(m::roundRobin).orElse(false);
    }

    private static long driverReward(ExperimentSpec spec) {
        FrameworkProfiles.Mechanic m = FrameworkProfiles.Mechanic.DRIVER_REWARD_MS;
        if (spec.getAsync().getMode() != AsyncMode.SYNC || spec.getWorkload().getReward().getKind() != RewardKind.RULE) {
            return 0L;
        }
        double ms = framework(spec, m).map(m::number).orElse(0.0);
        return SimTime.micros(ms / 1000.0);
    }

    /** Trajectories the prompt generator must provide: every batch the run can train plus those admissible ahead. */
    public long promptCount() {
        long batches = steps + maxStaleness + 1;
        long groups = policy == null ? batches * promptsPerStep : policy.promptCount(batches, promptsPerStep);
        return DynamicSampling.enabled(spec) ? new DynamicSampling(spec).promptsFor(groups) : groups;
    }

    /** A step over sequences of equal length (a lower bound on the time of any batch of these totals). */
    public TrainStepTiming trainStep(long tokens, long sequences) {
        return trainStep(tokens, sequences, 0.0);
    }

    /** A step; {@code squaredTokens} is the sum of the sequences' squared lengths (their attention work). */
    public TrainStepTiming trainStep(long tokens, long sequences, double squaredTokens) {
        return trainStep(tokens, sequences, squaredTokens, spec.getAlgorithm().getMinibatches());
    }

    /** One PPO minibatch trained on its own (a streamed chunk of a step): one optimizer step. */
    public TrainStepTiming trainMinibatch(long tokens, long sequences, double squaredTokens) {
        return trainStep(tokens, sequences, squaredTokens, 1);
    }

    private TrainStepTiming trainStep(long tokens, long sequences, double squaredTokens, int minibatches) {
        var train = spec.getCluster().getTrain();
        AlgorithmKind kind = spec.getAlgorithm().getKind();
        TrainJob job = new TrainJob(train.getDevices(), train.getTp(), train.getPp(), tokens, sequences,
                minibatches, kind == AlgorithmKind.PPO, kind != AlgorithmKind.DAPO, squaredTokens);
        return hardware.trainStep(device, model, job);
    }

    /**
     * Streaming: seconds the training devices spend on one trajectory's log-prob forwards (old and reference)
     * as it arrives, before its minibatch can update.
     */
    public double streamedLogprobSeconds(long length) {
        var train = spec.getCluster().getTrain();
        AlgorithmKind kind = spec.getAlgorithm().getKind();
        TrainJob job = new TrainJob(train.getDevices(), train.getTp(), train.getPp(), length, 1, 1,
                kind == AlgorithmKind.PPO, kind != AlgorithmKind.DAPO, (double) length * length);
        return hardware.streamedLogprobSeconds(device, model, job);
    }

    /** Groups in minibatch {@code j} of a streamed step: the batch's groups split as evenly as possible. */
    public int minibatchGroups(int j) {
        return (j + 1) * promptsPerStep / minibatches - j * promptsPerStep / minibatches;
    }

    /**
     * True when step k trains exactly the prompts {@code [k x P, (k + 1) x P)} and all of their answers, known
     * before they are generated: {@code sync} mode without a policy, dynamic sampling or streaming (the trainer's
     * lookahead and the sync rollout's chain rely on it).
     */
    public boolean syncWholeBatches() {
        return mode == AsyncMode.SYNC && policy == null && !streaming && !DynamicSampling.enabled(spec);
    }

    /**
     * A lower bound on the time from now to the end of any training step not yet formed: a batch of
     * minimum-length sequences, or with streaming its smallest minibatch alone (the others may already
     * have trained). Only a synchronous step without a policy is sure to train its whole batch; elsewhere the
     * trainer may drop stale answers (async, one-step-off) or policies age them out, down to none, so the bound is 0:
     * a full batch of minimum-length sequences could then be longer than a step that dropped most of its answers.
     */
    public long minTrainStepUs() {
        if (mode != AsyncMode.SYNC || policy != null) {
            return 0L;
        }
        if (streaming) {
            long seqs = (long) groupSize * (promptsPerStep / minibatches);
            return SimTime.micros(trainMinibatch(seqs * (minPromptTokens + 1L), seqs, 0.0).updateSeconds());
        }
        long seqs = batchTrajectories;
        return SimTime.micros(trainStep(seqs * (minPromptTokens + 1L), seqs).totalSeconds());
    }

    /** A lower bound on the time from admitting a sequence to its completion. */
    public long minGenerationUs() {
        if (spec.getWorkload().getTurns() != null) {
            // a later turn may find its whole context cached: no prefill to count on
            return SimTime.micros(rolloutTiming.decodeStepSeconds(1, minPromptTokens));
        }
        return SimTime.micros(rolloutTiming.prefillSeconds(minPromptTokens, 0)
                + rolloutTiming.decodeStepSeconds(1, minPromptTokens));
    }

    public static int maxLength(LengthDist d) {
        return d.getDist() == io.asyncrl.schemas.DistKind.FIXED ? d.getValue() : d.getMax();
    }

    public static int minLength(LengthDist d) {
        return switch (d.getDist()) {
            case FIXED -> d.getValue();
            case UNIFORM, LOGNORMAL -> Math.max(1, d.getMin());
        };
    }
}
