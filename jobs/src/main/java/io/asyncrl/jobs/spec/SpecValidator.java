package io.asyncrl.jobs.spec;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.schemas.ExperimentSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Semantic checks of an {@link ExperimentSpec}: sizes, divisibility, mode/placement combinations,
 * catalog look-ups and memory fit. {@link SpecLoader} runs it on every spec it loads; code that builds
 * an ExperimentSpec itself should call {@link #validate(ExperimentSpec)}. The rules are listed in
 * docs/spec.md. The checks live by section ({@link ModelChecks}, {@link WorkloadChecks},
 * {@link ClusterChecks}, {@link MemoryFitChecker}); this class runs them in order.
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
        ValidationContext c = new ValidationContext(spec, invalidPaths, hw);
        ModelChecks models = new ModelChecks(c);
        MemoryFitChecker memory = new MemoryFitChecker(c);
        WorkloadChecks workload = new WorkloadChecks(c, models, memory);
        ClusterChecks cluster = new ClusterChecks(c);

        checkIdentity(c);
        Optional<ModelArch> model = models.check();
        workload.checkAlgorithm();
        boolean promptOk = workload.checkLengths("workload.prompt_tokens", spec.getWorkload().getPromptTokens());
        boolean responseOk = workload.checkLengths("workload.response_tokens", spec.getWorkload().getResponseTokens());
        Optional<Device> device = cluster.checkDevice();
        boolean rolloutOk = cluster.checkRole("cluster.rollout", spec.getCluster().getRollout(), model, true);
        boolean trainOk = cluster.checkRole("cluster.train", spec.getCluster().getTrain(), model, false);
        cluster.checkClusterLimits();
        cluster.checkPlacementAndMode();
        cluster.checkAsync();
        new PolicyChecks(c).check();
        cluster.checkEvaluation(rolloutOk);
        Long kvTokens = promptOk && responseOk
                ? (long) WorkloadChecks.maxTokens(spec.getWorkload().getPromptTokens())
                        + WorkloadChecks.maxTokens(spec.getWorkload().getResponseTokens())
                : null;
        workload.checkReward(device, kvTokens);
        new AgenticChecks(c, workload).check();
        kvTokens = c.ok("workload.turns", "workload.tool_tokens") ? AgenticChecks.maxContext(spec.getWorkload(), kvTokens) : null;
        if (model.isPresent() && device.isPresent()) {
            if (rolloutOk && kvTokens != null) {
                memory.checkRollout(device.get(), model.get(), kvTokens);
            }
            if (trainOk) {
                memory.checkTraining(device.get(), model.get());
            }
        }
        c.errors.sort(SchemaOrder.ERRORS);
        return List.copyOf(c.errors);
    }

    private static void checkIdentity(ValidationContext c) {
        if (c.ok("id") && ValidationContext.isBlank(c.spec.getId())) {
            c.error("id", "the experiment id must not be empty (it is the Kafka record key of every topic)");
        }
        if (c.ok("name")) {
            String name = c.spec.getName();
            if (ValidationContext.isBlank(name)) {
                c.error("name", "must not be empty; give a name such as qwen2.5-7b-grpo-async");
            } else if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
                c.error("name", "must be at most " + MAX_NAME_LENGTH + " characters of letters, digits, '.', '_' and '-', "
                        + "starting with a letter or digit, got \"" + YamlValues.echo(name) + "\"");
            }
        }
    }
}
