package io.asyncrl.jobs.spec;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.HardwareModel;
import io.asyncrl.hw.MemoryCheck;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.schemas.AlgorithmKind;
import io.asyncrl.schemas.AlgorithmSpec;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.AsyncSpec;
import io.asyncrl.schemas.ClusterSpec;
import io.asyncrl.schemas.EvaluationSpec;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.ModelSpec;
import io.asyncrl.schemas.Placement;
import io.asyncrl.schemas.RewardKind;
import io.asyncrl.schemas.RewardSpec;
import io.asyncrl.schemas.RoleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Semantic checks of an {@link ExperimentSpec}: sizes, divisibility, mode/placement combinations,
 * catalog look-ups and memory fit. {@link SpecLoader} runs it on every spec it loads; code that builds
 * an ExperimentSpec itself should call {@link #validate(ExperimentSpec)}. The rules are listed in
 * docs/spec.md.
 */
public final class SpecValidator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final int MAX_NAME_LENGTH = 128;

    private SpecValidator() {}

    /** Every semantic problem of {@code spec}; empty when it can run. */
    public static List<SpecError> validate(ExperimentSpec spec) {
        return validate(spec, Set.of(), HardwareLookup.DEFAULT);
    }

    /**
     * @param invalidPaths fields the reader already reported (wrong type, missing, unknown); checks that
     *     read them, or anything below or above them, are skipped
     */
    static List<SpecError> validate(ExperimentSpec spec, Set<String> invalidPaths, HardwareLookup hw) {
        return new Run(spec, invalidPaths, hw).run();
    }

    private static final class Run {
        private final ExperimentSpec spec;
        private final Set<String> invalid;
        private final HardwareLookup hw;
        private final List<SpecError> errors = new ArrayList<>();
        private HardwareModel hardwareModel;

        Run(ExperimentSpec spec, Set<String> invalid, HardwareLookup hw) {
            this.spec = spec;
            this.invalid = invalid;
            this.hw = hw;
        }

        List<SpecError> run() {
            checkIdentity();
            Optional<ModelArch> model = checkModel();
            checkAlgorithm();
            boolean promptOk = checkLengths("workload.prompt_tokens", spec.getWorkload().getPromptTokens());
            boolean responseOk = checkLengths("workload.response_tokens", spec.getWorkload().getResponseTokens());
            Optional<Device> device = checkDevice();
            boolean rolloutOk = checkRole("cluster.rollout", spec.getCluster().getRollout(), model, true);
            boolean trainOk = checkRole("cluster.train", spec.getCluster().getTrain(), model, false);
            checkClusterLimits();
            checkPlacementAndMode();
            checkAsync();
            checkEvaluation(rolloutOk);
            Long kvTokens = promptOk && responseOk
                    ? (long) maxTokens(spec.getWorkload().getPromptTokens()) + maxTokens(spec.getWorkload().getResponseTokens())
                    : null;
            checkReward(device, kvTokens);
            if (model.isPresent() && device.isPresent()) {
                if (rolloutOk && kvTokens != null) {
                    checkRolloutMemory(device.get(), model.get(), kvTokens);
                }
                if (trainOk) {
                    checkTrainingMemory(device.get(), model.get());
                }
            }
            errors.sort(SchemaOrder.ERRORS);
            return List.copyOf(errors);
        }

        // ------------------------------------------------------------ identity

        private void checkIdentity() {
            if (ok("id") && isBlank(spec.getId())) {
                error("id", "the experiment id must not be empty (it is the Kafka record key of every topic)");
            }
            if (ok("name")) {
                String name = spec.getName();
                if (isBlank(name)) {
                    error("name", "must not be empty; give a name such as qwen2.5-7b-grpo-async");
                } else if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
                    error("name", "must be at most " + MAX_NAME_LENGTH + " characters of letters, digits, '.', '_' and '-', "
                            + "starting with a letter or digit, got \"" + name + "\"");
                }
            }
        }

        // ------------------------------------------------------------ model

        private Optional<ModelArch> checkModel() {
            if (!ok("model")) {
                return Optional.empty();
            }
            ModelSpec m = spec.getModel();
            if (!SpecModels.isCustom(m)) {
                return catalogModel("model", m.getName());
            }
            return InlineModelCheck.check(m, this::error);
        }

        private Optional<ModelArch> catalogModel(String path, String name) {
            if (isBlank(name)) {
                error(path, "must name a catalog model; known: " + String.join(", ", hw.modelNames()));
                return Optional.empty();
            }
            Optional<ModelArch> arch = hw.model(name);
            if (arch.isEmpty()) {
                List<String> known = hw.modelNames();
                error(path, "unknown model '" + name + "'" + Suggestions.didYouMean(name, known) + "; known: "
                        + String.join(", ", known) + (path.equals("model") ? "; or give a custom architecture mapping" : ""));
            }
            return arch;
        }

        // ------------------------------------------------------------ algorithm

        private void checkAlgorithm() {
            AlgorithmSpec a = spec.getAlgorithm();
            boolean groupOk = positiveInt("algorithm.group_size", a.getGroupSize());
            if (groupOk && ok("algorithm.kind") && a.getKind() != AlgorithmKind.PPO && a.getGroupSize() < 2) {
                error("algorithm.group_size", "must be at least 2 for " + SpecReader.enumName(a.getKind())
                        + " (its advantage compares the responses within a group), got " + a.getGroupSize()
                        + "; use kind ppo for one response per prompt");
            }
            boolean promptsOk = positiveInt("algorithm.prompts_per_step", a.getPromptsPerStep());
            boolean miniOk = positiveInt("algorithm.minibatches", a.getMinibatches());
            positiveInt("algorithm.steps", a.getSteps());
            if (groupOk && promptsOk && miniOk) {
                long sequences = (long) a.getGroupSize() * a.getPromptsPerStep();
                if (a.getMinibatches() > sequences) {
                    error("algorithm.minibatches", "must not exceed the " + sequences + " sequences of a step (prompts_per_step "
                            + a.getPromptsPerStep() + " x group_size " + a.getGroupSize() + "), got " + a.getMinibatches());
                }
            }
        }

        // ------------------------------------------------------------ workload

        /** Checks one length distribution; true when its maximum is usable for the memory checks. */
        private boolean checkLengths(String path, LengthDist d) {
            if (!ok(path + ".dist")) {
                return false;
            }
            int before = errors.size();
            switch (d.getDist()) {
                case FIXED -> {
                    if (ok(path + ".value") && d.getValue() < 1) {
                        error(path + ".value", "dist fixed needs value, a positive integer (tokens), got " + d.getValue());
                    }
                }
                case UNIFORM -> {
                    boolean minOk = positiveInt(path + ".min", d.getMin());
                    if (ok(path + ".max") && d.getMax() < 1) {
                        error(path + ".max", "dist uniform needs max, a positive integer (tokens), got " + d.getMax());
                    } else if (minOk && ok(path + ".max") && d.getMax() < d.getMin()) {
                        error(path + ".max", "must be >= min (" + d.getMin() + "), got " + d.getMax());
                    }
                }
                case LOGNORMAL -> {
                    boolean medianOk = true;
                    if (ok(path + ".median") && !(d.getMedian() > 0)) {
                        error(path + ".median", "dist lognormal needs median, a positive number (tokens), got " + fmt(d.getMedian()));
                        medianOk = false;
                    }
                    if (ok(path + ".sigma") && !(d.getSigma() >= 0)) {
                        error(path + ".sigma", "must be a non-negative number (sigma of the underlying normal), got "
                                + fmt(d.getSigma()));
                    }
                    boolean minOk = positiveInt(path + ".min", d.getMin());
                    if (ok(path + ".max") && d.getMax() < 1) {
                        error(path + ".max", "dist lognormal needs max, the generation limit (a positive integer), got "
                                + d.getMax());
                    } else if (medianOk && ok(path + ".median", path + ".max") && d.getMax() < d.getMedian()) {
                        error(path + ".max", "must be >= median (" + fmt(d.getMedian()) + "): max is the generation limit "
                                + "that truncates the distribution, got " + d.getMax());
                    } else if (minOk && ok(path + ".max") && d.getMax() < d.getMin()) {
                        error(path + ".max", "must be >= min (" + d.getMin() + "), got " + d.getMax());
                    }
                    if (minOk && medianOk && ok(path + ".median") && d.getMin() > d.getMedian()) {
                        error(path + ".min", "must be <= median (" + fmt(d.getMedian()) + "), got " + d.getMin());
                    }
                }
                default -> throw new IllegalStateException("unknown dist " + d.getDist());
            }
            return errors.size() == before && ok(path);
        }

        private static int maxTokens(LengthDist d) {
            return d.getDist() == io.asyncrl.schemas.DistKind.FIXED ? d.getValue() : d.getMax();
        }

        private void checkReward(Optional<Device> device, Long kvTokens) {
            RewardSpec r = spec.getWorkload().getReward();
            String p = "workload.reward";
            if (ok(p + ".cpu_ms_per_sample") && !(r.getCpuMsPerSample() >= 0 && Double.isFinite(r.getCpuMsPerSample()))) {
                error(p + ".cpu_ms_per_sample", "must be a non-negative number (milliseconds), got " + fmt(r.getCpuMsPerSample()));
            }
            positiveInt(p + ".workers", r.getWorkers());
            boolean tpOk = positiveInt(p + ".tp", r.getTp());
            if (!ok(p + ".kind") || r.getKind() != RewardKind.MODEL) {
                return;
            }
            Optional<ModelArch> rewardModel = Optional.empty();
            if (ok(p + ".model")) {
                if (isBlank(r.getModel())) {
                    error(p + ".model", "kind model needs the reward model: set model to a catalog model name, e.g. qwen2.5-7b");
                } else {
                    rewardModel = catalogModel(p + ".model", r.getModel());
                }
            }
            boolean devicesOk = false;
            if (ok(p + ".devices")) {
                if (r.getDevices() < 1) {
                    error(p + ".devices", "kind model needs devices serving the reward model: must be a positive integer, got "
                            + r.getDevices());
                } else if (tpOk && r.getDevices() % r.getTp() != 0) {
                    error(p + ".devices", "must be a multiple of tp (" + r.getTp() + "), got " + r.getDevices());
                } else {
                    devicesOk = true;
                }
            }
            if (rewardModel.isPresent() && tpOk && devicesOk) {
                boolean headsOk = tpDividesHeads(p + ".tp", r.getTp(), rewardModel.get());
                if (headsOk && device.isPresent() && kvTokens != null) {
                    MemoryCheck check = hardware().inferenceFits(device.get(), rewardModel.get(), r.getTp(), kvTokens);
                    if (!check.fits()) {
                        error(p + ".tp", "the reward model does not fit in memory: " + check.message()
                                + fitHint(device.get(), rewardModel.get(), r.getTp(), r.getDevices(), kvTokens));
                    }
                }
            }
        }

        // ------------------------------------------------------------ cluster

        private Optional<Device> checkDevice() {
            if (!ok("cluster.device")) {
                return Optional.empty();
            }
            Optional<Device> inline = io.asyncrl.operators.sim.SpecHardware.inlineDevice(spec);
            if (inline.isPresent()) {
                return inline;
            }
            String name = spec.getCluster().getDevice();
            List<String> known;
            if (isBlank(name)) {
                known = hw.deviceNames();
                error("cluster.device", "must name a catalog device; known: " + String.join(", ", known));
                return Optional.empty();
            }
            Optional<Device> device = hw.device(name);
            if (device.isEmpty()) {
                known = hw.deviceNames();
                error("cluster.device", "unknown device '" + name + "'" + Suggestions.didYouMean(name, known) + "; known: "
                        + String.join(", ", known));
            }
            return device;
        }

        /** Checks one role's parallelism; true when it is sound enough for the memory check. */
        private boolean checkRole(String p, RoleSpec role, Optional<ModelArch> model, boolean rollout) {
            boolean devicesOk = positiveInt(p + ".devices", role.getDevices());
            boolean tpOk = positiveInt(p + ".tp", role.getTp());
            boolean ppOk = positiveInt(p + ".pp", role.getPp());
            if (rollout && ppOk && role.getPp() != 1) {
                error(p + ".pp", "must be 1: rollout instances are modelled with tensor parallelism only; use tp to split a "
                        + "model across devices, got " + role.getPp());
                ppOk = false;
            }
            if (devicesOk && tpOk && ppOk) {
                int perReplica = role.getTp() * role.getPp();
                if (role.getDevices() % perReplica != 0) {
                    String what = rollout ? "tp (" + role.getTp() + "): each rollout instance uses tp devices"
                            : "tp x pp (" + role.getTp() + " x " + role.getPp() + " = " + perReplica
                                    + "): data parallelism replicates tp x pp devices";
                    error(p + ".devices", "must be a multiple of " + what + ", got " + role.getDevices());
                    devicesOk = false;
                }
            }
            boolean shapeOk = devicesOk && tpOk && ppOk;
            if (model.isPresent() && tpOk) {
                shapeOk &= tpDividesHeads(p + ".tp", role.getTp(), model.get());
            }
            if (model.isPresent() && ppOk && role.getPp() > model.get().layers()) {
                error(p + ".pp", "must not exceed the " + model.get().layers() + " layers of " + model.get().name() + ", got "
                        + role.getPp());
                shapeOk = false;
            }
            return shapeOk;
        }

        private boolean tpDividesHeads(String path, int tp, ModelArch model) {
            int heads = model.heads();
            if (heads > 0 && heads % tp != 0) {
                List<String> valid = new ArrayList<>();
                for (int t = 1; t <= heads; t++) {
                    if (heads % t == 0) {
                        valid.add(Integer.toString(t));
                    }
                }
                error(path, "must divide the " + heads + " attention heads of " + model.name() + " (tensor parallelism "
                        + "splits heads across devices); valid: " + String.join(", ", valid) + ", got " + tp);
                return false;
            }
            return true;
        }

        private void checkClusterLimits() {
            ClusterSpec c = spec.getCluster();
            positiveInt("cluster.max_num_seqs", c.getMaxNumSeqs());
            nonNegativeInt("cluster.queue_depth", c.getQueueDepth());
        }

        private void checkPlacementAndMode() {
            ClusterSpec c = spec.getCluster();
            AsyncMode mode = spec.getAsync().getMode();
            if (!ok("cluster.placement") || c.getPlacement() != Placement.COLOCATED) {
                return;
            }
            if (ok("async.mode") && mode != AsyncMode.SYNC) {
                error("cluster.placement", "colocated placement time-shares the same devices between generation and training, "
                        + "so it only supports async.mode sync; mode " + SpecReader.enumName(mode)
                        + " overlaps them and needs placement disaggregated");
            }
            if (ok("cluster.rollout.devices", "cluster.train.devices")
                    && c.getRollout().getDevices() != c.getTrain().getDevices()) {
                error("cluster.train.devices", "colocated placement runs rollout and training on the same devices: must equal "
                        + "cluster.rollout.devices (" + c.getRollout().getDevices() + "), got " + c.getTrain().getDevices());
            }
        }

        private void checkAsync() {
            AsyncSpec a = spec.getAsync();
            boolean stalenessOk = nonNegativeInt("async.max_staleness", a.getMaxStaleness());
            if (!ok("async.mode")) {
                return;
            }
            if (stalenessOk && a.getMode() == AsyncMode.SYNC && a.getMaxStaleness() != 0) {
                error("async.max_staleness", "mode sync trains only on samples of the current policy: must be 0 (or omitted), got "
                        + a.getMaxStaleness() + "; use mode async to allow stale samples");
            }
            if (stalenessOk && a.getMode() == AsyncMode.ONE_STEP_OFF && a.getMaxStaleness() != 1) {
                error("async.max_staleness", "mode one-step-off means a staleness of exactly 1: must be 1 (or omitted), got "
                        + a.getMaxStaleness() + "; use mode async for other bounds");
            }
            if (ok("async.staleness_threshold") && a.getStalenessThreshold() != null) {
                if (a.getStalenessThreshold() < 0) {
                    error("async.staleness_threshold", "must be a non-negative fraction of a batch (verl's staleness_threshold, "
                            + "e.g. 0.1), got " + a.getStalenessThreshold());
                } else if (a.getMode() != AsyncMode.ASYNC) {
                    error("async.staleness_threshold", "is a bound of mode async (the share of a batch the rollout may "
                            + "produce ahead with old weights); mode " + SpecReader.enumName(a.getMode())
                            + " fixes the staleness: remove it or set mode async");
                }
            }
            if (ok("async.updates_per_sync") && a.getUpdatesPerSync() > 1 && ok("cluster.placement")
                    && spec.getCluster().getPlacement() == Placement.COLOCATED) {
                error("async.updates_per_sync", "needs placement disaggregated: a colocated engine gets the new weights at "
                        + "every switch back to generation; remove it or set cluster.placement to disaggregated");
            }
            if (ok("async.partial_rollout") && a.getPartialRollout() && a.getMode() != AsyncMode.ASYNC) {
                error("async.partial_rollout", "is only meaningful with mode async (generation interrupted by a weight update "
                        + "resumes under the new weights); mode " + SpecReader.enumName(a.getMode())
                        + " never interrupts generation: set it to false or remove it");
            }
            if (ok("async.streaming") && a.getStreaming() && ok("cluster.placement")
                    && spec.getCluster().getPlacement() == Placement.COLOCATED) {
                error("async.streaming", "needs placement disaggregated: a colocated trainer shares the rollout devices and "
                        + "cannot train while they generate; set cluster.placement to disaggregated or remove streaming");
            }
            if (ok("async.streaming") && a.getStreaming() && ok("algorithm.prompts_per_step") && ok("algorithm.minibatches")
                    && spec.getAlgorithm().getPromptsPerStep() < spec.getAlgorithm().getMinibatches()) {
                error("async.streaming", "streams whole groups into each of the " + spec.getAlgorithm().getMinibatches()
                        + " minibatches, so algorithm.prompts_per_step (" + spec.getAlgorithm().getPromptsPerStep()
                        + ") must be at least algorithm.minibatches; lower minibatches or remove streaming");
            }
        }

        private void checkEvaluation(boolean rolloutOk) {
            EvaluationSpec e = spec.getEvaluation();
            boolean everyOk = nonNegativeInt("evaluation.every_steps", e.getEverySteps());
            boolean promptsOk = nonNegativeInt("evaluation.prompts", e.getPrompts());
            boolean tokensOk = nonNegativeInt("evaluation.response_tokens", e.getResponseTokens());
            boolean devicesOk = nonNegativeInt("evaluation.devices", e.getDevices());
            if (everyOk && e.getEverySteps() > 0) {
                if (promptsOk && e.getPrompts() == 0) {
                    error("evaluation.prompts", "must be positive when evaluation is enabled (every_steps "
                            + e.getEverySteps() + "), got 0; or set every_steps to 0 to disable evaluation");
                }
                if (tokensOk && e.getResponseTokens() == 0) {
                    error("evaluation.response_tokens", "must be positive when evaluation is enabled (every_steps "
                            + e.getEverySteps() + "), got 0; or set every_steps to 0 to disable evaluation");
                }
            }
            int tp = spec.getCluster().getRollout().getTp();
            if (devicesOk && e.getDevices() > 0 && rolloutOk && e.getDevices() % tp != 0) {
                error("evaluation.devices", "must be a multiple of cluster.rollout.tp (" + tp
                        + "): evaluation runs rollout instances, got " + e.getDevices());
            }
        }

        // ------------------------------------------------------------ memory

        private double rolloutMemoryFraction() {
            ClusterSpec c = spec.getCluster();
            return hardware().rolloutEngine(c.getPlacement() == Placement.COLOCATED, c.getRolloutMemoryFraction(),
                    c.getRolloutEager()).memoryFraction();
        }

        private void checkRolloutMemory(Device device, ModelArch model, long kvTokens) {
            RoleSpec r = spec.getCluster().getRollout();
            MemoryCheck check = hardware().inferenceFits(device, model, r.getTp(), kvTokens, rolloutMemoryFraction());
            if (!check.fits()) {
                error("cluster.rollout.tp", "a rollout instance does not fit in memory: " + check.message()
                        + fitHint(device, model, r.getTp(), r.getDevices(), kvTokens));
            }
        }

        /**
         * "; tp 4 fits" when a larger tp that divides both the heads and {@code devices} fits, else nothing
         * (the hardware model's own message says what to raise).
         */
        private String fitHint(Device device, ModelArch model, int tp, int devices, long kvTokens) {
            for (int t = tp + 1; t <= devices; t++) {
                if (devices % t == 0 && model.heads() % t == 0
                        && hardware().inferenceFits(device, model, t, kvTokens, rolloutMemoryFraction()).fits()) {
                    return "; on these " + devices + " devices tp " + t + " fits";
                }
            }
            return "";
        }

        private void checkTrainingMemory(Device device, ModelArch model) {
            RoleSpec t = spec.getCluster().getTrain();
            MemoryCheck check = hardware().trainingFits(device, model, t.getDevices(), t.getTp(), t.getPp());
            if (!check.fits()) {
                String hint = "";
                for (int tp = t.getTp() + 1; tp <= t.getDevices() / t.getPp(); tp++) {
                    if (t.getDevices() % (tp * t.getPp()) == 0 && model.heads() % tp == 0
                            && hardware().trainingFits(device, model, t.getDevices(), tp, t.getPp()).fits()) {
                        hint = "; on these " + t.getDevices() + " devices tp " + tp + " with pp " + t.getPp() + " fits";
                        break;
                    }
                }
                error("cluster.train.tp", "training does not fit in memory: " + check.message() + hint);
            }
        }

        private HardwareModel hardware() {
            if (hardwareModel == null) {
                try {
                    hardwareModel = io.asyncrl.operators.sim.SpecHardware.model(spec, hw.hardwareModel());
                } catch (IllegalArgumentException alreadyReported) {
                    // a bad framework setting: the reader named its field; check the rest with the default model
                    hardwareModel = hw.hardwareModel();
                }
            }
            return hardwareModel;
        }

        // ------------------------------------------------------------ helpers

        /** True when none of {@code paths} is, contains or lies inside a field already reported as invalid. */
        private boolean ok(String... paths) {
            for (String path : paths) {
                for (String bad : invalid) {
                    if (bad.isEmpty() || path.equals(bad) || path.startsWith(bad + ".") || bad.startsWith(path + ".")) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean positiveInt(String path, int value) {
            if (!ok(path)) {
                return false;
            }
            if (value < 1) {
                error(path, "must be a positive integer, got " + value);
                return false;
            }
            return true;
        }

        private boolean nonNegativeInt(String path, int value) {
            if (!ok(path)) {
                return false;
            }
            if (value < 0) {
                error(path, "must be a non-negative integer, got " + value);
                return false;
            }
            return true;
        }

        private void error(String path, String message) {
            errors.add(new SpecError(path, message));
        }

        private static boolean isBlank(String s) {
            return s == null || s.isBlank();
        }

        private static String fmt(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
