package io.asyncrl.jobs.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class-data sharing of the launcher ({@code asyncrl}, "Class-data sharing") for the broker a run starts as a
 * child process: the launcher names its archive ({@value #ARCHIVE}) when it has one, or the file where the broker
 * lists the classes it loads ({@value #BROKER_LIST}) in the run that gathers them; after that run the launcher dumps
 * the CLI's and the broker's classes into one archive. The broker runs on the dependency jars of the CLI in the same
 * order ({@link Classpaths#dependencies()}), the class path the archive was dumped for, so both JVMs can map it. A
 * JVM that cannot use the archive runs without it, silently.
 */
final class ClassDataSharing {
    /** System property: the archive to map. */
    static final String ARCHIVE = "asyncrl.cds.archive";
    /** System property: where the broker of this run lists the classes it loads. */
    static final String BROKER_LIST = "asyncrl.cds.broker-list";

    private ClassDataSharing() {}

    /** {@code base} and the class-data sharing options the launcher asked for, if any. */
    static List<String> oneRunBrokerJvm(List<String> base) {
        List<String> jvm = new ArrayList<>(base);
        String archive = System.getProperty(ARCHIVE, "");
        String list = System.getProperty(BROKER_LIST, "");
        if (!archive.isEmpty() && Files.isRegularFile(Path.of(archive))) {
            jvm.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:class+path=off"));
        } else if (!list.isEmpty()) {
            jvm.add("-XX:DumpLoadedClassList=" + list);
        }
        return jvm;
    }
}
