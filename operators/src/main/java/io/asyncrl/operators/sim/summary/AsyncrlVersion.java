package io.asyncrl.operators.sim.summary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Maven project version, written into asyncrl-version.properties at build time. It lives beside the
 * summary builder because summary.json names it, and both the Flink job and the in-memory runner build the
 * summary here; the CLI's {@code --version} reads the same file.
 */
public final class AsyncrlVersion {
    static final String RESOURCE = "/io/asyncrl/operators/sim/summary/asyncrl-version.properties";

    private AsyncrlVersion() {}

    public static String get() {
        Properties p = new Properties();
        try (InputStream in = AsyncrlVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath: build with mvn install");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
