package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.compare.Analyses;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code asyncrl report SPEC.yaml --out DIR}: run it and also write report.html and trace.json. */
@Command(name = "report", customSynopsis = "asyncrl report SPEC.yaml --out DIR [OPTIONS]",
        description = {"Run a spec like run and also write report.html and trace.json.",
                "report.html has offline charts; trace.json opens in Perfetto."})
final class ReportCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "the experiment spec")
    Path spec;

    @Mixin
    AnalysisOptions options;

    @Override
    public Integer call() throws Exception {
        return Analyses.report(spec, options.settings(), out());
    }
}
