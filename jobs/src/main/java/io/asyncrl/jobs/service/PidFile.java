package io.asyncrl.jobs.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A pid file of a process this machine's cluster started: {@code "<pid> <start epoch ms> <start ticks>"}. The start
 * identifies the process beyond its pid, which the OS may hand out again.
 *
 * <p>The start instant a JVM reports is its own reading of the boot time (Linux's {@code btime}, read once per JVM)
 * plus the process's start in clock ticks since boot. When the wall clock is stepped (a virtual machine resumed
 * from a snapshot, NTP), a JVM started after the step reads another boot time, so the same process has another
 * start instant in it: a run resumed after its first JVM was killed took its own live broker for a dead one. The
 * ticks since boot ({@code /proc/<pid>/stat}, field 22) do not move with the wall clock, so where the file has them
 * and {@code /proc} answers, they decide; elsewhere the start instant does, as before.
 */
final class PidFile {
    private PidFile() {}

    /** Records {@code p} in {@code file}. */
    static void write(Path file, ProcessHandle p) throws IOException {
        String started = p.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("-");
        OptionalLong ticks = startTicks(p.pid());
        Files.writeString(file, p.pid() + " " + started + (ticks.isPresent() ? " " + ticks.getAsLong() : "") + "\n",
                StandardCharsets.UTF_8);
    }

    /** The process {@code file} names, if it still runs: same pid and same start. */
    static Optional<ProcessHandle> process(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String[] parts;
        long pid;
        try {
            parts = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
            pid = Long.parseLong(parts[0]);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        String started = parts.length > 1 ? parts[1] : "-";
        OptionalLong ticks = parts.length > 2 ? parseTicks(parts[2]) : OptionalLong.empty();
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> sameStart(h, started, ticks));
    }

    private static boolean sameStart(ProcessHandle h, String started, OptionalLong ticks) {
        OptionalLong now = ticks.isPresent() ? startTicks(h.pid()) : OptionalLong.empty();
        if (now.isPresent()) {
            return now.getAsLong() == ticks.getAsLong();
        }
        return started.equals(h.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("-"));
    }

    /**
     * Marks the process of {@code file} as being stopped, before it is signalled: if the stopping process is
     * killed before it sees the stop through, the next one knows the process may be shutting down.
     */
    static void markStopping(Path file) {
        try {
            Files.writeString(stoppingMarker(file), "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + stoppingMarker(file), e);
        }
    }

    /** Whether a stop of the process of {@code file} began and was not seen through. */
    static boolean stopping(Path file) {
        return Files.exists(stoppingMarker(file));
    }

    /** Deletes {@code file} and its stopping mark: the process is gone. */
    static void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(stoppingMarker(file));
    }

    private static Path stoppingMarker(Path file) {
        return file.resolveSibling(file.getFileName() + ".stopping");
    }

    /** The process's start in clock ticks since boot, where {@code /proc} has it. */
    static OptionalLong startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // the command name (field 2) is in parentheses and may hold spaces: count from the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return parseTicks(fields[22 - 3]);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong parseTicks(String s) {
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
