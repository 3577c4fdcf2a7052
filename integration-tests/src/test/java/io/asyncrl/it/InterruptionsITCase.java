package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.cli.Main;
import io.asyncrl.jobs.run.CrashPoints;
import io.asyncrl.jobs.spec.ExperimentIds;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a local run interrupted at any point leaves state from which the next identical command
 * resumes, or starts afresh, saying which. The CLI runs as a child JVM that a test hook
 * ({@link CrashPoints}, Runtime.halt as a SIGKILL would) or a signal stops; the next run runs here
 * and must end with the summary an uninterrupted run writes.
 */
class InterruptionsITCase {
    private static final Path HOME = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static final Path SPEC = HOME.resolve("examples/tiny-async.yaml");
    private static String expected;

    @BeforeAll
    static void uninterrupted() throws Exception {
        String text = Files.readString(SPEC);
        String id = ExperimentIds.forSpec(SpecLoader.parse(text, SPEC.toString(), "x").getName(), text);
        expected = new LocalPipeline(new CatalogParamsResolver(), -1).run(SpecLoader.parse(text, SPEC.toString(), id));
        System.setProperty("asyncrl.home", HOME.toString());
    }

    @Test
    void shouldSubmitAgainWhenKilledBeforeTheSubmit() throws Exception {
        Path out = crashAt(CrashPoints.BEFORE_SUBMIT);
        String err = runAgain(out);
        assertTrue(err.contains("interrupted before it submitted") && err.contains("submitting it now (a fresh start)"),
                err);
    }

    @Test
    void shouldNotSubmitTwiceWhenKilledBetweenTheAcknowledgementAndTheMarker() throws Exception {
        Path out = crashAt(CrashPoints.DURING_SUBMIT);
        String err = runAgain(out);
        assertTrue(err.contains("interrupted just after it submitted") && err.contains("not submitting it again"), err);
    }

    @Test
    void shouldResumeFromTheStartWhenKilledBeforeTheFirstCheckpoint() throws Exception {
        Path out = crashAt(CrashPoints.BEFORE_FIRST_CHECKPOINT);
        String err = runAgain(out);
        assertTrue(err.contains("from the start (no checkpoint completed)"), err);
    }

    @Test
    void shouldKeepTheResultOfARunKilledBeforeItWroteItsFiles() throws Exception {
        Path out = crashAt(CrashPoints.BEFORE_OUTPUTS);
        assertFalse(Files.exists(out.resolve("summary.json")));
        assertTrue(Files.isDirectory(out.resolve(".asyncrl")), "the run's state stays until its files are written");
        String err = runAgain(out);
        assertTrue(err.contains("asyncrl: resuming "), err);
    }

    @Test
    void shouldEndWithinSecondsOnSigtermAndResume() throws Exception {
        Path out = Files.createTempDirectory(HOME.resolve("integration-tests/target"), "sigterm-");
        Process p = start(out, List.of());
        BufferedReader r = reader(p);
        List<String> lines = readUntil(r, l -> l.contains("step 1/"));
        long t0 = System.nanoTime();
        p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
        assertTrue(p.waitFor(15, TimeUnit.SECONDS), "ended within 15 s of SIGTERM");
        lines.addAll(readUntil(r, l -> false));
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertTrue(String.join("\n", lines).contains("asyncrl: interrupted; stopping"), String.join("\n", lines));
        assertTrue(Files.list(out.resolve(".asyncrl/broker")).noneMatch(f -> f.toString().endsWith(".pid")
                && pidAlive(f)), "the broker was stopped (" + seconds + " s)");
        String err = runAgain(out);
        assertTrue(err.contains("asyncrl: resuming "), err);
    }

    @Test
    void shouldNameADeadBrokerInOneLineAndExit1Within30Seconds() throws Exception {
        Path out = Files.createTempDirectory(HOME.resolve("integration-tests/target"), "deadbroker-");
        Process p = start(out, List.of());
        BufferedReader r = reader(p);
        List<String> lines = readUntil(r, l -> l.contains("step 1/"));
        Path pidFile = out.resolve(".asyncrl/broker/kafka.pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip().split(" ")[0]);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long t0 = System.nanoTime();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exited within 30 s of the broker's death");
        lines.addAll(readUntil(r, l -> false));
        String all = String.join("\n", lines);
        assertEquals(1, p.exitValue(), all);
        assertTrue(all.contains("the run's Kafka broker has died (see ") && all.contains("run the same command again to "
                + "resume"), all);
        assertFalse(all.contains("SplitFetcherManager") || all.contains("\tat "), all);
        assertTrue((System.nanoTime() - t0) / 1_000_000_000L < 30);
    }

    private static boolean pidAlive(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip().split(" ")[0]);
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs the CLI in a child JVM that the hook kills at {@code point}; returns its --out folder. */
    private static Path crashAt(String point) throws Exception {
        Path out = Files.createTempDirectory(HOME.resolve("integration-tests/target"), "crash-" + point + "-");
        Process p = start(out, List.of("-D" + CrashPoints.PROPERTY + "=" + point));
        List<String> lines = readUntil(reader(p), l -> false);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), String.join("\n", lines));
        assertTrue(lines.contains("asyncrl: test crash at " + point), String.join("\n", lines));
        return out;
    }

    /** The same command again, in this JVM: it must end with the uninterrupted summary. Returns stderr. */
    private static String runAgain(Path out) throws Exception {
        var err = new ByteArrayOutputStream();
        int code = Main.run(args(out).toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertEquals(expected, Files.readString(out.resolve("summary.json")));
        assertFalse(Files.exists(out.resolve(".asyncrl")), "the run's state is gone after it finished");
        return text;
    }

    private static List<String> args(Path out) {
        return List.of("run", SPEC.toString(), "--out", out.toString(), "--checkpoint-seconds", "1");
    }

    private static Process start(Path out, List<String> jvm) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-Dasyncrl.home=" + HOME));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args(out));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The child's lines up to and including the first that {@code stop} accepts (or all, at its end). */
    private static List<String> readUntil(BufferedReader r, Predicate<String> stop) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            lines.add(line);
            if (stop.test(line)) {
                break;
            }
        }
        return lines;
    }
}
