package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        Path dumped = tmp.resolve("dumped.lst");
        // the CLI run writes JDK 25-like lists where the launcher asks; the dump copies the list it is given
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, String.join("\n", "#!/bin/sh",
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
                "fi", ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("asyncrl").toString(), "run", "spec.yaml",
                "--out", tmp.resolve("out").toString()).redirectErrorStream(true);
        pb.environment().put("PATH", jdk.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().remove("ASYNCRL_CDS");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);

        Path cds = home.resolve("jobs/target/cds");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!(Files.exists(dumped) && names(cds).stream().noneMatch(n -> n.startsWith("dumping-")))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            expected.add("org/example/C" + i);
        }
        expected.add("kafka/server/BrokerServer");
        assertEquals(expected, Files.readAllLines(dumped));
        assertTrue(names(cds).stream().anyMatch(n -> n.matches("classes-\\d+\\.jsa")), "no archive in " + names(cds));
    }

    private static List<String> names(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    /** The arguments the launcher passes to a stand-in JDK of {@code version} for {@code asyncrl --version}. */
    private List<String> javaArguments(Path home, String version) throws Exception {
        return javaArguments(home, version, true);
    }

    /** As above; without {@code besideJava} the release file is only in the folder JAVA_HOME names. */
    private List<String> javaArguments(Path home, String version, boolean besideJava) throws Exception {
        Path jdk = tmp.resolve("jdk-" + version + (besideJava ? "" : "-stub"));
        Files.createDirectories(jdk.resolve("bin"));
        Path javaHome = tmp.resolve("home-" + version);
        Files.createDirectories(javaHome);
        Files.writeString((besideJava ? jdk : javaHome).resolve("release"),
                "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path args = tmp.resolve("args-" + version + (besideJava ? "" : "-stub"));
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + args + "'\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("asyncrl").toString(), "--version")
                .redirectErrorStream(true);
        pb.environment().put("PATH", jdk.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("ASYNCRL_CDS", "off");
        pb.environment().put("JAVA_HOME", javaHome.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        return Files.readAllLines(args);
    }
}
