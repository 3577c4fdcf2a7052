package io.asyncrl.jobs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code asyncrl fetch ID --bootstrap HOST:PORT --out DIR}: the files of a submitted experiment. */
@Command(name = "fetch", customSynopsis = "asyncrl fetch ID --bootstrap HOST:PORT --out DIR [OPTIONS]",
        description = "Write a submitted experiment's summary.json, steps.arrow, trajectories.arrow to DIR.")
final class FetchCommand extends FollowCommand {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the files go")
    Path out;

    @Override
    Path outDir() {
        return out;
    }
}
