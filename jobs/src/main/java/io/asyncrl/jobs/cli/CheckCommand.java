package io.asyncrl.jobs.cli;

import io.asyncrl.hw.FrameworkProfiles;
import io.asyncrl.jobs.spec.CostEstimate;
import io.asyncrl.jobs.spec.ExperimentIds;
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
        err().println("asyncrl: estimated cost: " + CostEstimate.of(s).summary());
        return Main.DONE;
    }
}
