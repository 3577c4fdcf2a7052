package io.asyncrl.jobs.papers;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds examples/papers/ from the working directory or any directory above it. */
public final class PapersDir {
    private PapersDir() {}

    public static Path find() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("examples").resolve("papers");
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        throw new IllegalStateException("examples/papers/ not found from " + Path.of("").toAbsolutePath());
    }
}
