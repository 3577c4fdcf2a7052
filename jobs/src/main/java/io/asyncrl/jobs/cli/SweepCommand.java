package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.compare.Analyses;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code asyncrl sweep SPEC.yaml --set a.b.c=v1,v2 --out DIR}: the cross product of field values. */
@Command(name = "sweep", customSynopsis = "asyncrl sweep SPEC.yaml --set a.b.c=v1,v2 [--set ...] --out DIR [OPTIONS]",
        description = "Run the cross product of field values; the same outputs as compare.")
final class SweepCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "the experiment spec")
    Path spec;

    @Option(names = "--set", paramLabel = "PATH=V1,V2", required = true,
            description = "a field and its values, e.g. async.max_staleness=1,2,4 (repeatable)")
    List<String> sets;

    @Mixin
    AnalysisOptions options;

    @Override
    public Integer call() throws Exception {
        LinkedHashMap<String, List<String>> axes = new LinkedHashMap<>();
        for (String kv : sets) {
            int eq = kv.indexOf('=');
            if (eq <= 0 || eq == kv.length() - 1) {
                throw new IllegalArgumentException("--set needs path=v1,v2,..., got '" + kv + "'");
            }
            axes.put(kv.substring(0, eq), Arrays.asList(kv.substring(eq + 1).split(",")));
        }
        return Analyses.sweep(spec, axes, options.settings(), out(), err());
    }
}
