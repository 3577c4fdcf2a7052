package io.asyncrl.jobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @TempDir
    Path dir;

    private Process sleeper;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux: the start ticks come from /proc");
        sleeper = new ProcessBuilder("sleep", "60").start();
    }

    @AfterEach
    void stop() throws Exception {
        sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private long ticks() {
        return PidFile.startTicks(sleeper.pid()).orElseThrow();
    }

    private long millis() {
        return sleeper.info().startInstant().orElseThrow().toEpochMilli();
    }

    @Test
    void shouldFindTheProcessItWrote() throws Exception {
        Path file = dir.resolve("kafka.pid");
        PidFile.write(file, sleeper.toHandle());

        assertEquals(sleeper.pid() + " " + millis() + " " + ticks(), Files.readString(file).strip());
        assertEquals(Optional.of(sleeper.pid()), PidFile.process(file).map(ProcessHandle::pid));
    }

    @Test
    void shouldFindItsProcessWhenAnotherJvmReadsAnotherStartInstantAfterTheClockWasStepped() throws Exception {
        Path file = dir.resolve("kafka.pid");
        // what a JVM started before a one-hour step of the wall clock wrote
        Files.writeString(file, sleeper.pid() + " " + (millis() - 3_600_000) + " " + ticks() + "\n");

        assertTrue(PidFile.process(file).isPresent(), "the start in ticks since boot decides");
    }

    @Test
    void shouldNotTakeAProcessThatStartedAtOtherTicksForItsOwn() throws Exception {
        Path file = dir.resolve("kafka.pid");
        Files.writeString(file, sleeper.pid() + " " + millis() + " " + (ticks() - 1) + "\n");

        assertEquals(Optional.empty(), PidFile.process(file));
    }

    @Test
    void shouldReadAFileWithoutTicksByItsStartInstant() throws Exception {
        Path file = dir.resolve("kafka.pid");
        Files.writeString(file, sleeper.pid() + " " + millis() + "\n");
        assertTrue(PidFile.process(file).isPresent());

        Files.writeString(file, sleeper.pid() + " " + (millis() - 1) + "\n");
        assertEquals(Optional.empty(), PidFile.process(file));
    }

    /** This JVM's boot time as a process's start instant less its start in ticks (USER_HZ: 100 a second). */
    private static long bootMillis(ProcessHandle p) {
        return p.info().startInstant().orElseThrow().toEpochMilli() - PidFile.startTicks(p.pid()).orElseThrow() * 10;
    }

    @Test
    void shouldReadTheStartTicksTheJvmsStartInstantIsMadeOf() throws Exception {
        // a link named so: the kernel names the process (/proc/<pid>/stat's second field) after the path it ran
        Path sleep = Files.exists(Path.of("/usr/bin/sleep")) ? Path.of("/usr/bin/sleep") : Path.of("/bin/sleep");
        Path link = Files.createSymbolicLink(dir.resolve("a (b) c"), sleep);
        Process odd = new ProcessBuilder(link.toString(), "60").start();
        try {
            long boot = bootMillis(ProcessHandle.current());
            assertEquals(boot, bootMillis(sleeper.toHandle()));
            assertTrue(Files.readString(Path.of("/proc", Long.toString(odd.pid()), "stat")).contains("(a (b) c)"));
            assertEquals(boot, bootMillis(odd.toHandle()), "a command name with spaces and parentheses");
        } finally {
            odd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
