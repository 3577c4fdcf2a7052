package io.asyncrl.jobs.service;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the project checkout: the folder with {@code jobs/target/classpath.txt}. */
public final class Home {
    /** System property naming the checkout; the launcher script sets it. */
    public static final String PROPERTY = "asyncrl.home";

    private Home() {}

    /**
     * {@code -Dasyncrl.home}, else the checkout these classes were loaded from, else the checkout the
     * working directory is in (classes from the local Maven repository, e.g. one module's tests run
     * alone), else the working directory.
     */
    public static Path detect() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        return fromCodeSource().or(() -> checkoutAbove(Path.of("").toAbsolutePath()))
                .orElse(Path.of("").toAbsolutePath());
    }

    private static Optional<Path> fromCodeSource() {
        try {
            return checkoutAbove(Path.of(Home.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> checkoutAbove(Path start) {
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("jobs/target/classpath.txt"))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
