package io.asyncrl.jobs.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's examples folder, found from the working folder up, for the tests of this package. */
final class Examples {
    private Examples() {}

    /** {@code examples/NAME}. */
    static Path file(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("examples"))) {
            p = p.getParent();
        }
        return p.resolve("examples").resolve(name);
    }

    /** The variants of {@code examples/NAME}, read as a spec file is. */
    static SpecVariants variants(String name) throws IOException {
        Path spec = file(name);
        return new SpecVariants(Files.readString(spec), spec.toString());
    }
}
