package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.plan.PlanRun;
import io.asyncrl.jobs.plan.PlanScaling;
import io.asyncrl.jobs.run.OutFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code asyncrl plan SPEC.yaml --devices N}: search the split, TP per role and staleness bound. */
@Command(name = "plan", customSynopsis = "asyncrl plan SPEC.yaml --devices N[,N...] [--out DIR [--force]] [OPTIONS]",
        description = {"Search the rollout/train split, TP per role and staleness bound for the highest trained tokens/s.",
                "Analytic bounds prune, the in-memory pipeline simulates. With --confirm, the recommended and runner-up "
                        + "configurations run again on Flink+Kafka; exit 1 unless each summary is byte-identical to the "
                        + "in-memory one."})
final class PlanCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "the experiment spec")
    Path spec;

    @Option(names = "--devices", paramLabel = "N[,N...]", required = true, split = ",", converter = Counts.NonNegative.class,
            description = "devices to split (at least 2); several counts give a scaling table, one plan per count")
    List<Integer> devices;

    @Option(names = "--max-staleness", paramLabel = "K", converter = Counts.NonNegative.class, defaultValue = "8",
            description = "staleness ceiling (default ${DEFAULT-VALUE})")
    int maxStaleness;

    @Option(names = "--steps", paramLabel = "S", converter = Counts.NonNegative.class, defaultValue = "6",
            description = "simulated steps per candidate in the search (default ${DEFAULT-VALUE}); the leaders run "
                    + "again over max(24, 4 x (eta + 1)) steps, past their pipeline's fill, and plan shows those runs")
    int steps;

    @Option(names = "--threads", paramLabel = "T", converter = Counts.NonNegative.class,
            description = "simulation threads (default: the processors)")
    Integer threads;

    @Option(names = "--budget-minutes", paramLabel = "M", converter = Counts.NonNegative.class, defaultValue = "9",
            description = "stop simulating after M minutes, best bounds first (default ${DEFAULT-VALUE})")
    int budgetMinutes;

    @Option(names = "--confirm", description = "rerun the recommended and runner-up configurations on Flink+Kafka")
    boolean confirm;

    @Option(names = "--out", paramLabel = "DIR", description = "write plan.txt and plan.json there (with --confirm, each confirmed run's files too)")
    Path outDir;

    @Option(names = "--force", description = "replace an earlier plan in DIR (without it, a folder holding one is kept)")
    boolean force;

    @Override
    public Integer call() throws Exception {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (devices.size() > 1 && confirm) {
            throw new IllegalArgumentException("--confirm takes one --devices count, got " + devices.size() + " ("
                    + devices.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))
                    + "): plan the counts first, then confirm the one you choose");
        }
        Callable<Integer> plan = devices.size() == 1
                ? () -> new PlanRun(spec, devices.get(0), maxStaleness, steps, t, budgetMinutes, confirm, outDir)
                        .run(out(), err())
                : () -> new PlanScaling(spec, devices, maxStaleness, steps, t, budgetMinutes, outDir).run(out(), err());
        if (outDir == null) {
            return plan.call();
        }
        // claimed before the search, as run, report, compare and bench claim theirs: minutes of planning are not
        // lost to a folder that cannot take the files, and an earlier plan is not replaced without --force
        try (OutFolder folder = OutFolder.claimFor("plan", outDir, force, PlanRun.OUTPUTS)) {
            return plan.call();
        }
    }
}
