package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the launcher asks of the JDK, checked with stand-in JDKs (a {@code release} file and a {@code bin/java} script):
 * a JDK whose release file says 23 or later gets {@code --sun-misc-unsafe-memory-access=allow} (JDK 24 and later deny
 * the memory access Arrow's Netty allocator needs), an older one does not (the option is an error there); and the
 * class lists of a newer JDK (numbered lines, classes of other loaders with their source jar) reach the archive's dump
 * as class names only, the CLI's and the broker's each once.
 */
class LauncherJdkOptionsITCase {
    private static final String OPTION = "--sun-misc-unsafe-memory-access=allow";

    @TempDir
    Path tmp;

    @Test
    void shouldAllowUnsafeMemoryAccessFromJdk23On() throws Exception {
        Path home = LauncherCopy.at(tmp.resolve("home"));
        assertTrue(javaArguments(home, "25.0.3").contains(OPTION));
        assertTrue(javaArguments(home, "23").contains(OPTION));
        assertFalse(javaArguments(home, "22.0.2").contains(OPTION));
        assertFalse(javaArguments(home, "17.0.15").contains(OPTION));
        // a java on the PATH with no release file beside it (macOS's /usr/bin/java stub): JAVA_HOME's says
        assertTrue(javaArguments(home, "25.0.3", false).contains(OPTION));
        assertFalse(javaArguments(home, "17.0.15", false).contains(OPTION));
        List<String> args = javaArguments(home, "17.0.15");
        assertEquals("io.asyncrl.jobs.cli.Main", args.get(args.size() - 2), args.toString());
        assertEquals("--version", args.get(args.size() - 1));
    }

    @Test
    void shouldDumpTheListedDependencyClassesByNameEachOnce() throws Exception {
        Path home = LauncherCopy.at(tmp.resolve("home"));
        Path jdk = tmp.resolve("jdk-25");
        Path dumped = tmp.resolve("dumped.lst");
        // the CLI run writes JDK 25-like lists where the launcher asks; the dump copies the list it is given
        standInJdk(jdk, jdk, "25.0.3",
                "for a in \"$@\"; do case \"$a\" in",
                "  -XX:DumpLoadedClassList=*) list=\"${a#-XX:DumpLoadedClassList=}\";;",
                "  -Dasyncrl.cds.broker-list=*) blist=\"${a#-Dasyncrl.cds.broker-list=}\";;",
                "  -XX:SharedClassListFile=*) classes=\"${a#-XX:SharedClassListFile=}\";;",
                "  -XX:SharedArchiveFile=*) archive=\"${a#-XX:SharedArchiveFile=}\";;",
                "esac; done",
                "if [ -n \"$classes\" ]; then cp \"$classes\" '" + dumped + "'; echo archive > \"$archive\"; exit 0; fi",
                "if [ -n \"$list\" ]; then",
                "  { echo '# NOTE: Do not modify this file.'; i=0",
                "    while [ $i -lt 6000 ]; do echo \"org/example/C$i id: $i\"; i=$((i+1)); done",
                "    echo 'io/asyncrl/jobs/cli/Main id: 6000'",
                "    echo 'org/apache/pekko/Actor id: 6001 super: 0 source: /tmp/flink-rpc-akka1.jar'",
                "    echo '@lambda-proxy java/lang/Runnable run'; } > \"$list\"",
                "  printf 'org/example/C1 id: 1\\nkafka/server/BrokerServer id: 2\\n' > \"$blist\"",
                "fi");
        LauncherCopy.Ran ran = LauncherCopy.run(home, Map.of("PATH", jdk.resolve("bin") + ":" + System.getenv("PATH")),
                "run", "spec.yaml", "--out", tmp.resolve("out").toString());
        assertEquals(0, ran.code(), ran.output());
        LauncherCopy.awaitArchive(home);

        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            expected.add("org/example/C" + i);
        }
        expected.add("kafka/server/BrokerServer");
        assertEquals(expected, Files.readAllLines(dumped));
    }

    /**
     * A stand-in JDK in {@code jdk}: {@code bin/java} is {@code script} (sh lines), and the release file of
     * {@code version} goes to {@code releaseIn} (the JDK itself, or the folder JAVA_HOME names).
     */
    private static void standInJdk(Path jdk, Path releaseIn, String version, String... script) throws Exception {
        Files.createDirectories(jdk.resolve("bin"));
        Files.createDirectories(releaseIn);
        Files.writeString(releaseIn.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n" + String.join("\n", script) + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The arguments the launcher passes to a stand-in JDK of {@code version} for {@code asyncrl --version}. */
    private List<String> javaArguments(Path home, String version) throws Exception {
        return javaArguments(home, version, true);
    }

    /** As above; without {@code besideJava} the release file is only in the folder JAVA_HOME names. */
    private List<String> javaArguments(Path home, String version, boolean besideJava) throws Exception {
        Path jdk = tmp.resolve("jdk-" + version + (besideJava ? "" : "-stub"));
        Path javaHome = tmp.resolve("home-" + version);
        Path args = tmp.resolve("args-" + version + (besideJava ? "" : "-stub"));
        standInJdk(jdk, besideJava ? jdk : javaHome, version, "printf '%s\\n' \"$@\" > '" + args + "'");
        Files.createDirectories(javaHome);
        LauncherCopy.Ran ran = LauncherCopy.run(home, Map.of("PATH", jdk.resolve("bin") + ":" + System.getenv("PATH"),
                "ASYNCRL_CDS", "off", "JAVA_HOME", javaHome.toString()), "--version");
        assertEquals(0, ran.code(), ran.output());
        return Files.readAllLines(args);
    }
}
