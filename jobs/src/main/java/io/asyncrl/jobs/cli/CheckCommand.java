package io.asyncrl.jobs.cli;

import io.asyncrl.hw.FrameworkProfiles;
import io.asyncrl.jobs.spec.CostEstimate;
import io.asyncrl.jobs.spec.ExperimentIds;
import io.asyncrl.operators.sim.core.StalenessRule;
import io.asyncrl.schemas.AsyncSpec;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code asyncrl check SPEC.yaml}: validate a spec and exit. */
@Command(name = "check", customSynopsis = "asyncrl check SPEC.yaml",
        description = {"Validate a spec and exit.", "Prints every problem by field (exit 2), or the experiment id (exit 0)."})
final class CheckCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "the experiment spec")
    Path spec;

    @Override
    public Integer call() throws Exception {
        ExperimentSpec s = ExperimentIds.load(spec, null);
        out().println(spec + ": ok (experiment id " + s.getId() + ")");
        out().println(io.asyncrl.jobs.spec.ModelFigures.describe(s.getModel()));
        if (s.getFramework() != null) {
            out().println(FrameworkProfiles.describe(s.getFramework().getName(), s.getFramework().getSettings()));
        }
        if (!s.getHardware().getOptions().isEmpty()) {
            out().println(hardware(s));
        }
        if (s.getWorkload().getResponseTokens().getPromptShare() > 0) {
            out().println(promptShare(s));
        }
        out().println(staleness(s));
        out().print(io.asyncrl.jobs.accuracy.Accuracy.deviceNote(s));
        err().println("asyncrl: estimated cost: " + CostEstimate.of(s).summary());
        return Main.DONE;
    }

    /**
     * The hardware-model options the spec sets, its own and an included block's (a calibration shows here, so a user
     * sees that it took effect), sorted by key.
     */
    static String hardware(ExperimentSpec s) {
        return "hardware options: " + new java.util.TreeMap<>(s.getHardware().getOptions()).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    /** What a response-length {@code prompt_share} makes of a group's answers (shown only when it is set). */
    static String promptShare(ExperimentSpec s) {
        var d = s.getWorkload().getResponseTokens();
        double share = d.getPromptShare();
        return "response lengths: the answers to one prompt share " + plain(share) + " of their log-length variance "
                + "(prompt_share; their log-lengths correlate by it), each still lognormal, median " + plain(d.getMedian())
                + ", sigma " + plain(d.getSigma());
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * The staleness bound the spec's fields add up to ({@link StalenessRule}): with a fractional threshold or more than
     * one update per sync it is not the {@code max_staleness} written in the spec.
     */
    static String staleness(ExperimentSpec s) {
        AsyncSpec a = s.getAsync();
        int batch = s.getAlgorithm().getGroupSize() * s.getAlgorithm().getPromptsPerStep();
        StalenessRule rule = StalenessRule.of(a, batch);
        String from = switch (a.getMode()) {
            case SYNC -> "sync";
            case ONE_STEP_OFF -> "one-step-off";
            case ASYNC -> a.getStalenessThreshold() != null
                    ? "async, staleness_threshold " + a.getStalenessThreshold() + ", which replaces max_staleness"
                    : "async, max_staleness " + a.getMaxStaleness();
        };
        if (rule.updatesPerSync() > 1) {
            from += ", " + rule.updatesPerSync() + " updates per weight sync";
        }
        return "staleness: a trained sample is at most " + rule.maxTrainedStaleness() + " version"
                + (rule.maxTrainedStaleness() == 1 ? "" : "s") + " old (" + from + "); the rollout may run "
                + rule.allowance() + " trajectories ahead of the current batch of " + batch;
    }
}
