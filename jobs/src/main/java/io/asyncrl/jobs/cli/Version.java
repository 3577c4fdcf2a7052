package io.asyncrl.jobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code --version}: the Maven project version, written into asyncrl-version.properties at build time. */
final class Version implements CommandLine.IVersionProvider {
    static final String RESOURCE = "/io/asyncrl/jobs/cli/asyncrl-version.properties";

    @Override
    public String[] getVersion() throws IOException {
        return new String[] {"asyncrl " + version()};
    }

    static String version() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the classpath: build with mvn install");
            }
            p.load(in);
        }
        return p.getProperty("version");
    }
}
