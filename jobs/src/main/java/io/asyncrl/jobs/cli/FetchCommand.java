package io.asyncrl.jobs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code asyncrl fetch ID --bootstrap HOST:PORT --out DIR}: the files of a submitted experiment. */
@Command(name = "fetch", customSynopsis = "asyncrl fetch ID --bootstrap HOST:PORT --out DIR [--force] [OPTIONS]",
        description = "Write a submitted experiment's summary.json, steps.arrow, trajectories.arrow to DIR.")
final class FetchCommand extends FollowCommand {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the files go")
    Path out;

    @Option(names = "--force", description = "replace the files of an earlier run or fetch in DIR (without it, they are kept)")
    boolean force;

    @Override
    Path outDir() {
        return out;
    }

    @Override
    boolean force() {
        return force;
    }
}
