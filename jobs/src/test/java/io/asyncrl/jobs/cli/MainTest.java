package io.asyncrl.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: help and version exit 0, bad usage prints one usage line and exits 2. */
class MainTest {
    @TempDir
    Path tmp;

    private String stdout;
    private String stderr;

    private int run(String... args) {
        CliRun r = CliRun.of(args);
        stdout = r.stdout();
        stderr = r.stderr();
        return r.exit();
    }

    @Test
    void shouldPrintTheMavenVersion() throws Exception {
        assertEquals(0, run("--version"), stderr);
        String version = Version.version();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), "a filtered Maven version, got " + version);
        assertEquals("asyncrl " + version, stdout.strip());
    }

    @Test
    void shouldPrintHelpOfOneCommandWithItsOptionsAndExitCodes() {
        assertEquals(0, run("run", "--help"), stderr);
        assertTrue(stdout.startsWith("Usage: asyncrl run SPEC.yaml --out DIR [OPTIONS]"), stdout);
        for (String option : new String[] {"--out", "--parallelism", "--partitions", "--bootstrap", "--topic-prefix",
                "--ui", "--ui-port", "--timeout-minutes", "--checkpoint-seconds", "--transactions"}) {
            assertTrue(stdout.contains(option), option + " in " + stdout);
        }
        assertTrue(stdout.contains("Exit codes:") && stdout.contains("2   bad input"), stdout);
        assertEquals("", stderr);
    }

    @Test
    void shouldListEveryCommandInTheTopLevelHelp() {
        assertEquals(0, run("--help"), stderr);
        for (String command : new String[] {"run", "check", "cluster", "deploy", "submit", "watch", "fetch", "report",
                "compare", "sweep", "plan", "validate", "calibrate", "bench", "help"}) {
            assertTrue(stdout.contains("\n  " + command + " "), command + " in " + stdout);
        }
        assertEquals(0, run("help", "plan"), stderr);
        assertTrue(stdout.startsWith("Usage: asyncrl plan SPEC.yaml --devices N"), stdout);
    }

    @Test
    void shouldRefuseAnUnknownFlagWithOneUsageLineOfThatCommand() {
        assertEquals(2, run("run", "examples/tiny-async.yaml", "--out", tmp.toString(), "--no-such-flag"));
        assertEquals(2, stderr.strip().lines().count(), stderr);
        assertTrue(stderr.startsWith("asyncrl run: Unknown option: '--no-such-flag'"), stderr);
        assertTrue(stderr.contains("usage: asyncrl run SPEC.yaml --out DIR [OPTIONS]   (asyncrl run --help"), stderr);
        assertEquals("", stdout);
    }

    @Test
    void shouldPrintTheCommandsAndExit2WithoutArguments() {
        assertEquals(2, run());
        assertTrue(stderr.startsWith("asyncrl: missing COMMAND"), stderr);
        assertTrue(stderr.contains("Usage: asyncrl [-hV] COMMAND") && stderr.contains("compare"), stderr);
    }

    @Test
    void shouldNameTheOptionThatLacksItsValueOrIsNotANumber() {
        assertEquals(2, run("plan", "no-such-spec.yaml", "--devices", "8", "--confirm", "--out"));
        assertTrue(stderr.contains("Missing required parameter for option '--out'"), stderr);
        assertEquals(2, run("run", "x.yaml", "--out", "d", "--parallelism", "0"));
        assertTrue(stderr.contains("'--parallelism'") && stderr.contains("needs a positive integer, got '0'"), stderr);
        assertEquals(2, run("plan", "no-such-spec.yaml", "--devices", "8", "--confirm", "yes"));
        assertTrue(stderr.contains("'yes'"), stderr);
        // several counts plan a scaling table; confirming takes one count
        assertEquals(2, run("plan", "no-such-spec.yaml", "--devices", "64,128", "--confirm"));
        assertTrue(stderr.contains("--confirm takes one --devices count, got 2 (64,128): plan the counts first, then "
                + "confirm the one you choose"), stderr);
        assertEquals(2, run("plan", "no-such-spec.yaml", "--devices", "64,x"));
        assertTrue(stderr.contains("'--devices'") && stderr.contains("'x'"), stderr);
    }

    @Test
    void shouldReportAMissingSpecFileAsBadInput() {
        assertEquals(2, run("check", tmp.resolve("none.yaml").toString()));
        assertTrue(stderr.startsWith("asyncrl check: " + tmp.resolve("none.yaml") + ": not found (no such file)"), stderr);
        assertEquals(1, stderr.strip().lines().count(), stderr);
    }

    @Test
    void shouldReportARefusedSpecByFieldWithExit2() throws Exception {
        Path spec = Files.writeString(tmp.resolve("bad.yaml"), "name: bad\n");
        assertEquals(2, run("check", spec.toString()));
        assertTrue(stderr.startsWith("asyncrl: the spec was refused; nothing was started:"), stderr);
        assertTrue(stderr.contains("algorithm: missing required section"), stderr);
    }

    @Test
    void shouldCheckAGoodSpec() throws Exception {
        assertEquals(0, run("check", Path.of("..", "examples", "tiny-async.yaml").toString()), stderr);
        assertTrue(stdout.contains(": ok (experiment id tiny-async-"), stdout);
        assertTrue(!stdout.contains("framework "), stdout);
        assertTrue(!stdout.contains("response lengths: "), "only a prompt_share that is set is shown: " + stdout);
        // 8 prompts x 4 answers = 32 a batch; eta 2: two batches ahead, at most 2 versions old
        assertTrue(stdout.contains("\nstaleness: a trained sample is at most 2 versions old (async, max_staleness 2); the "
                + "rollout may run 64 trajectories ahead of the current batch of 32\n"), stdout);
        // verl's threshold 0.1 and 4 updates per sync on 512 x 16 = 8,192: floor(8,192 x 1.1 x 4) - 8,192 = 27,852 ahead,
        // ceil(27,852 / 8,192) = 4 versions, not the max_staleness the spec leaves at its default
        assertEquals(0, run("check", Path.of("..", "examples", "qwen2.5-7b-grpo-fully-async-verl.yaml").toString()), stderr);
        assertTrue(stdout.contains("\nstaleness: a trained sample is at most 4 versions old (async, staleness_threshold 0.1, "
                + "which replaces max_staleness, 4 updates per weight sync); the rollout may run 27852 trajectories ahead "
                + "of the current batch of 8192\n"), stdout);
        assertEquals(0, run("check", Path.of("..", "examples", "papers", "areal-7b-math.yaml").toString()), stderr);
        assertTrue(stdout.contains("\nframework areal: param_offload false, "), stdout);
        assertTrue(stdout.contains(", dispatch round-robin, "), stdout);
        // a response-length prompt_share is shown with what it does
        Path shared = tmp.resolve("shared.yaml");
        java.nio.file.Files.writeString(shared, java.nio.file.Files.readString(Path.of("..", "examples", "tiny-async.yaml"))
                .replace("sigma: 0.8, max: 1024}", "sigma: 0.8, max: 1024, prompt_share: 0.35}"));
        assertEquals(0, run("check", shared.toString()), stderr);
        assertTrue(stdout.contains("\nresponse lengths: the answers to one prompt share 0.35 of their log-length variance "
                + "(prompt_share; their log-lengths correlate by it), each still lognormal, median 300, sigma 0.8\n"), stdout);
    }

    @Test
    void shouldTakeTheMeasurementsOptionsOfCalibrateAndValidateHardware() {
        assertEquals(2, run("calibrate", "--measurements", "m.csv"));
        assertTrue(stderr.startsWith("asyncrl calibrate: Missing required option: '--out=FILE.yaml'"), stderr);
        assertEquals(0, run("validate", "hardware", "--help"), stderr);
        assertTrue(stdout.contains("--measurements=FILE.csv"), stdout);
        assertEquals(2, run("validate", "hardware", "--measurement", "m.csv"));
        assertTrue(stderr.contains("Unknown options: '--measurement', 'm.csv'"), stderr);
    }
}
