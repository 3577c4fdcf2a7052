package io.asyncrl.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A copy of the {@code asyncrl} launcher next to links to this build's class folders and its class path file: it runs
 * this build's CLI, builds nothing (it has no sources) and keeps its own class-data archive folder.
 */
final class LauncherCopy {
    /** The project's root (the integration tests run in its integration-tests folder). */
    static final Path PROJECT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    private LauncherCopy() {}

    static Path at(Path home) throws IOException {
        Files.createDirectories(home.resolve("jobs/target"));
        Files.copy(PROJECT.resolve("asyncrl"), home.resolve("asyncrl"));
        Files.copy(PROJECT.resolve("jobs/target/classpath.txt"), home.resolve("jobs/target/classpath.txt"));
        Files.createSymbolicLink(home.resolve("jobs/target/classes"), PROJECT.resolve("jobs/target/classes"));
        for (String module : List.of("schemas", "hardware-models", "operators", "connectors")) {
            Files.createDirectories(home.resolve(module).resolve("target"));
            Files.createSymbolicLink(home.resolve(module).resolve("target/classes"),
                    PROJECT.resolve(module).resolve("target/classes"));
        }
        return home;
    }
}
