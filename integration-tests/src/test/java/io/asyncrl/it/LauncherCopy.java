package io.asyncrl.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A copy of the {@code asyncrl} launcher next to links to this build's class folders and its class path file: it runs
 * this build's CLI, builds nothing (it has no sources) and keeps its own class-data archive folder
 * ({@link #cds}).
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

    /** The copy's class-data archive folder. */
    static Path cds(Path home) {
        return home.resolve("jobs/target/cds");
    }

    /** What the launcher printed (stdout and stderr) and its exit code. */
    record Ran(int code, String output) {}

    /**
     * Runs {@code bash home/asyncrl args} with {@code env} set on this process's environment, without any
     * {@code ASYNCRL_CDS} of it unless {@code env} sets one.
     */
    static Ran run(Path home, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("asyncrl").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("ASYNCRL_CDS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Ran(p.waitFor(), output);
    }

    /** Waits (up to 3 minutes) for the background dump to leave its archive and release its lock. */
    static Path awaitArchive(Path home) throws IOException, InterruptedException {
        Path cds = cds(home);
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<String> names = names(cds);
            Optional<String> archive = names.stream().filter(n -> n.matches("classes-\\d+\\.jsa")).findFirst();
            if (archive.isPresent() && names.stream().noneMatch(n -> n.startsWith("dumping-"))) {
                return cds.resolve(archive.get());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no archive in " + cds + ": " + names(cds));
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
