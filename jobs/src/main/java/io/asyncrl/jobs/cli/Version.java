package io.asyncrl.jobs.cli;

import io.asyncrl.operators.sim.summary.AsyncrlVersion;
import picocli.CommandLine;

/** {@code --version}: the Maven project version, the same one summary.json names. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"asyncrl " + version()};
    }

    static String version() {
        return AsyncrlVersion.get();
    }
}
