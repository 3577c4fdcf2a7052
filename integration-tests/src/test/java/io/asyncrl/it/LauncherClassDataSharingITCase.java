package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data sharing (the {@code asyncrl} script, "Class-data sharing"): the first Flink+Kafka
 * command lists the classes it loads and, after it has exited, a background JVM dumps the dependency classes into an
 * archive, with the classes of the broker that {@code run} starts as a child process; the next command maps them from
 * it and gives the same result; a broken archive is not used and says nothing. The script runs from a
 * {@link LauncherCopy}, so its archive folder is the test's own and no build is started.
 */
class LauncherClassDataSharingITCase {
    private static final Path SPEC = LauncherCopy.PROJECT.resolve("examples/tiny-async.yaml");
    private static final String JVM = "-Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseParallelGC";

    @TempDir
    Path tmp;

    @Test
    void shouldDumpAnArchiveAfterTheFirstRunAndServeTheNextRunsClassesFromItWithTheSameResult() throws Exception {
        Path home = LauncherCopy.at(tmp.resolve("home"));

        Run first = run(home, "first", JVM);
        assertEquals(0, first.code, first.output);
        Path archive = LauncherCopy.awaitArchive(home);
        // the broker that run starts as a child process listed its classes too: the broker's own classes are archived
        String archived = archivedClasses(home, archive);
        assertTrue(archived.contains("kafka.server.BrokerServer"), "the broker's classes are not in the archive");
        assertTrue(archived.contains("org.apache.flink.runtime.minicluster.MiniCluster"), "nor the CLI's");

        Path loads = tmp.resolve("second-classes.log");
        Run second = run(home, "second", JVM + " -Xlog:class+load=info:file=" + loads);
        assertEquals(0, second.code, second.output);
        assertEquals(first.summary, second.summary);
        long shared = sharedClasses(loads);
        assertTrue(shared > 5_000, "classes served from the archive: " + shared);
        assertEquals(printed(first, "first"), printed(second, "second"));

        // a broken archive (here cut short): the JVM runs without it (at most the JDK's own archive) and says nothing
        archive.toFile().setWritable(true);
        try (var ch = Files.newByteChannel(archive, StandardOpenOption.WRITE)) {
            ch.truncate(4096);
        }
        Path loads3 = tmp.resolve("third-classes.log");
        Run third = run(home, "third", JVM + " -Xlog:class+load=info:file=" + loads3);
        assertEquals(0, third.code, third.output);
        assertEquals(first.summary, third.summary);
        assertTrue(sharedClasses(loads3) < 5_000, "a broken archive served classes");
        assertEquals(printed(first, "first"), printed(third, "third"));
    }

    /** What a run printed, without its wall times (progress lines, the wall time line) and with its folder named OUT. */
    private static String printed(Run run, String name) {
        return run.output.lines().filter(l -> !l.startsWith("[") && !l.contains("wall time"))
                .map(l -> l.replace("/" + name, "/OUT")).toList().toString();
    }

    /** The archive's class list as the JVM prints it (-XX:+PrintSharedArchiveAndExit), on the launcher's jars. */
    private static String archivedClasses(Path home, Path archive) throws Exception {
        String jars = Files.readString(home.resolve("jobs/target/classpath.txt")).trim();
        Process p = new ProcessBuilder("java", "-XX:SharedArchiveFile=" + archive, "-cp", jars,
                "-XX:+PrintSharedArchiveAndExit").redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), printed.lines().limit(20).toList().toString());
        return printed;
    }

    private static long sharedClasses(Path classLoadLog) throws IOException {
        try (Stream<String> lines = Files.lines(classLoadLog)) {
            return lines.filter(l -> l.contains("source: shared objects file")).count();
        }
    }

    private Run run(Path home, String name, String jvm) throws Exception {
        Path out = tmp.resolve(name);
        LauncherCopy.Ran ran = LauncherCopy.run(home, Map.of("ASYNCRL_JAVA_OPTS", jvm,
                "ASYNCRL_LOG", tmp.resolve(name + ".log").toString()), "run", SPEC.toString(), "--out", out.toString());
        Path summary = out.resolve("summary.json");
        return new Run(ran.code(), ran.output(), Files.exists(summary) ? Files.readString(summary) : "");
    }

    private record Run(int code, String output, String summary) {}
}
