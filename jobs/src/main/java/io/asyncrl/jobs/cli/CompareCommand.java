package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.compare.Analyses;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code asyncrl compare SPEC.yaml --out DIR}: variants of a spec as concurrent experiments of one pipeline job. */
@Command(name = "compare", customSynopsis = "asyncrl compare SPEC.yaml --out DIR [--modes LIST] [--staleness LIST] [--policies LIST|all] [OPTIONS]",
        description = {"Run variants of a spec as concurrent experiments of one pipeline job.",
                "Writes compare.json, report.html and one folder per variant."})
final class CompareCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "the experiment spec")
    Path spec;

    @Option(names = "--modes", paramLabel = "LIST", split = ",", defaultValue = "sync,one-step-off,async",
            description = "modes to run (default ${DEFAULT-VALUE}); also sync-disaggregated")
    List<String> modes;

    @Option(names = "--staleness", paramLabel = "LIST", split = ",", converter = Counts.NonNegative.class,
            description = "one async variant per bound, e.g. 0,1,2,4,8 (default: the spec's)")
    List<Integer> staleness;

    @Option(names = "--policies", paramLabel = "LIST", split = ",",
            description = "one variant per asynchronous policy instead of per mode: all, or some of "
                    + "sync, one-step-off, areal, partial-rollout, wait, abort, in-flight, in-flight-recompute, age-bound, "
                    + "over-provision-abort, over-provision-carry, tail-batching (docs/policies.md)")
    List<String> policies;

    @Mixin
    AnalysisOptions options;

    @Override
    public Integer call() throws Exception {
        if (policies != null) {
            return Analyses.policies(spec, policies, options.settings(), out(), err());
        }
        return Analyses.compare(spec, modes, staleness, options.settings(), out(), err());
    }
}
