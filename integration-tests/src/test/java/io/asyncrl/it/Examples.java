package io.asyncrl.it;

import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped examples, found from the module directory Maven runs tests in. */
final class Examples {
    private Examples() {}

    static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("examples");
    }

    static Path path(String name) {
        return dir().resolve(name);
    }

    static ExperimentSpec load(String name, String id) {
        return SpecLoader.load(path(name), id);
    }
}
