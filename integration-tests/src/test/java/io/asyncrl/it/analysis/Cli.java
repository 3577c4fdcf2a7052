package io.asyncrl.it.analysis;

import io.asyncrl.jobs.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the CLI in process as a user calls it, and finds the shipped examples. */
final class Cli {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    String stdout() {
        return out.toString();
    }

    String stderr() {
        return err.toString();
    }

    static Path example(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("examples").resolve(name);
    }
}
