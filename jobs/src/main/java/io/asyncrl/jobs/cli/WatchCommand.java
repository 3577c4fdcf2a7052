package io.asyncrl.jobs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code asyncrl watch ID --bootstrap HOST:PORT}: progress, then the summary of a submitted experiment. */
@Command(name = "watch", customSynopsis = "asyncrl watch ID --bootstrap HOST:PORT [OPTIONS]",
        description = "Progress, then the summary of a submitted experiment.")
final class WatchCommand extends FollowCommand {
    @Override
    Path outDir() {
        return null;
    }
}
