package io.asyncrl.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.run.OutFolder;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's bad inputs at the command line: each refused before anything starts, in one line (no
 * usage dump, no stack trace), exit 2.
 */
class BadInputCliTest {
    private static final String SPEC = "../examples/tiny-async.yaml";

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

    private void assertOneLine(String expected) {
        assertEquals(expected, stderr.strip(), stderr);
        assertFalse(stderr.contains("\tat ") || stderr.contains("Exception"), "a stack trace or exception: " + stderr);
        assertEquals("", stdout);
    }

    @Test
    void shouldRefuseADirectoryAsSpecInOneLine() {
        assertEquals(2, run("check", tmp.toString()));
        assertOneLine("asyncrl check: " + tmp + ": is a directory, not a spec file; give a YAML file such as "
                + "examples/tiny-async.yaml");
    }

    @Test
    void shouldRefuseABinaryFileAsNotText() throws Exception {
        Path bin = Files.write(tmp.resolve("x.yaml"), new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
        assertEquals(2, run("check", bin.toString()));
        assertOneLine("asyncrl check: " + bin + ": not a text file (it is not UTF-8: binary data); give a YAML spec file");
    }

    @Test
    void shouldRefuseAnExtraArgument() {
        assertEquals(2, run("check", SPEC, "extra"));
        assertTrue(stderr.startsWith("asyncrl check: Unmatched argument at index 2: 'extra'"), stderr);
        assertFalse(stderr.contains("\tat "), stderr);
    }

    @Test
    void shouldPrintTheCostEstimateOnCheck() {
        assertEquals(0, run("check", SPEC));
        // tiny-async: see CostBoundTest for the arithmetic
        assertTrue(stderr.contains("asyncrl: estimated cost: 5 rollout instances, 32 trajectories per step (96 in flight), "
                + "1664 instance visits, 0.38 MiB of state"), stderr);
    }

    @Test
    void shouldNoteTheH20sSlowSingleAnswerDecodeOnCheck() throws Exception {
        Path h20 = Files.writeString(tmp.resolve("h20.yaml"),
                Files.readString(Path.of(SPEC)).replace("device: h800-sxm", "device: h20"));
        assertEquals(0, run("check", h20.toString()), stderr);
        assertTrue(stdout.contains("note: on the h20, one answer decoded alone ran slower than modelled"), stdout);
        assertEquals(0, run("check", SPEC), stderr);
        assertFalse(stdout.contains("note: on the"), stdout);
    }

    @Test
    void shouldRefuseOutThatIsAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertEquals(2, run("run", SPEC, "--out", file.toString()));
        assertOneLine("asyncrl run: --out " + file + " is a file; give a folder (it is created if missing)");
    }

    @Test
    void shouldRefuseOutUnderProc() {
        assertEquals(2, run("run", SPEC, "--out", "/proc/asyncrl-out"));
        assertTrue(stderr.startsWith("asyncrl run: --out /proc/asyncrl-out: cannot create the folder ("), stderr);
        assertTrue(stderr.strip().endsWith("give a folder you can write to"), stderr);
        assertEquals(1, stderr.strip().lines().count(), stderr);
        assertFalse(stderr.contains("\tat "), stderr);
    }

    @Test
    void shouldRefuseASecondRunIntoABusyFolderWithTheOwnersPid() {
        Path out = tmp.resolve("busy");
        try (OutFolder first = OutFolder.claim(out, false)) {
            assertEquals(2, run("run", SPEC, "--out", out.toString()));
            assertOneLine("asyncrl run: --out " + out + " is in use by another asyncrl run (pid "
                    + ProcessHandle.current().pid() + "); wait for it to end, or give another --out");
        }
        assertFalse(Files.exists(out.resolve(OutFolder.LOCK)), "the lock file goes when the run ends");
    }

    @Test
    void shouldKeepAFinishedRunUnlessForced() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("done"));
        Files.writeString(out.resolve("summary.json"), "{}");
        assertEquals(2, run("run", SPEC, "--out", out.toString()));
        assertOneLine("asyncrl run: --out " + out + " holds a finished run (summary.json); give --force to replace it, "
                + "or another --out");
        OutFolder.claim(out, true).close();
    }

    @Test
    void shouldRefuseAReportIntoAFileBeforeItRuns() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertEquals(2, run("report", SPEC, "--in-memory", "--out", file.toString()));
        assertOneLine("asyncrl report: --out " + file + " is a file; give a folder (it is created if missing)");
        assertEquals(2, run("compare", SPEC, "--in-memory", "--out", file.toString()));
        assertOneLine("asyncrl compare: --out " + file + " is a file; give a folder (it is created if missing)");
        assertEquals(2, run("bench", SPEC, "--steps", "1", "--out", file.toString()));
        assertOneLine("asyncrl bench: --out " + file + " is a file; give a folder (it is created if missing)");
    }

    @Test
    void shouldKeepEarlierOutputsOfReportCompareSweepAndBenchUnlessForced() throws Exception {
        Path ran = Files.createDirectories(tmp.resolve("ran"));
        Files.writeString(ran.resolve("summary.json"), "{\"kept\": true}");
        assertEquals(2, run("report", SPEC, "--in-memory", "--out", ran.toString()));
        assertOneLine("asyncrl report: --out " + ran + " holds a finished run (summary.json); give --force to replace "
                + "it, or another --out");
        assertEquals("{\"kept\": true}", Files.readString(ran.resolve("summary.json")), "the earlier run is untouched");

        Path compared = Files.createDirectories(tmp.resolve("compared"));
        Files.writeString(compared.resolve("compare.json"), "{}");
        assertEquals(2, run("compare", SPEC, "--in-memory", "--modes", "async", "--out", compared.toString()));
        assertOneLine("asyncrl compare: --out " + compared + " holds earlier outputs (compare.json); give --force to "
                + "replace them, or another --out");
        assertEquals(2, run("sweep", SPEC, "--in-memory", "--set", "async.max_staleness=1,2", "--out",
                compared.toString()));
        assertOneLine("asyncrl sweep: --out " + compared + " holds earlier outputs (compare.json); give --force to "
                + "replace them, or another --out");
        assertEquals(2, run("compare", SPEC, "--in-memory", "--policies", "sync,areal", "--out", compared.toString()));
        assertOneLine("asyncrl compare: --out " + compared + " holds earlier outputs (compare.json); give --force to "
                + "replace them, or another --out");

        Path benched = Files.createDirectories(tmp.resolve("benched"));
        Files.writeString(benched.resolve("bench.json"), "{}");
        assertEquals(2, run("bench", SPEC, "--steps", "1", "--out", benched.toString()));
        assertOneLine("asyncrl bench: --out " + benched + " holds earlier outputs (bench.json); give --force to "
                + "replace them, or another --out");

        assertEquals(0, run("compare", SPEC, "--in-memory", "--modes", "async", "--out", compared.toString(), "--force"),
                stderr);
        assertTrue(Files.readString(compared.resolve("compare.json")).contains("async"), "replaced with --force");
        assertFalse(Files.exists(compared.resolve(OutFolder.LOCK)), "the lock file goes when the command ends");
    }

    @Test
    void shouldKeepAnEarlierPlanUnlessForced() throws Exception {
        Path planned = Files.createDirectories(tmp.resolve("planned"));
        Files.writeString(planned.resolve("plan.txt"), "kept");
        assertEquals(2, run("plan", SPEC, "--devices", "8", "--steps", "2", "--out", planned.toString()));
        assertOneLine("asyncrl plan: --out " + planned + " holds earlier outputs (plan.txt); give --force to replace "
                + "them, or another --out");
        assertEquals("kept", Files.readString(planned.resolve("plan.txt")), "the earlier plan is untouched");
        assertFalse(Files.exists(planned.resolve("plan.json")), "nothing planned");

        assertEquals(0, run("plan", SPEC, "--devices", "8", "--steps", "2", "--out", planned.toString(), "--force"),
                stderr);
        assertTrue(Files.readString(planned.resolve("plan.txt")).contains("recommended"), "replaced with --force");
        // 2 steps leave one interval for the steady state (it had none, and every candidate ranked at 0)
        assertFalse(Files.readString(planned.resolve("plan.txt")).contains("-> 0 trained tokens/s"),
                Files.readString(planned.resolve("plan.txt")));
        assertTrue(Files.exists(planned.resolve("plan.json")));
        assertFalse(Files.exists(planned.resolve(OutFolder.LOCK)), "the lock file goes when the command ends");
        // the progress line names the what-if reruns' real length: the recommendation's settled horizon, one staleness
        // version up for the staleness row, max(24, 4 x (eta + 2)) (it once said 8 where 2 ran)
        int eta = new com.fasterxml.jackson.databind.ObjectMapper().readTree(planned.resolve("plan.json").toFile())
                .path("recommended").path("eta").asInt();
        int whatIfSteps = Math.max(24, 4 * (eta + 2));
        assertTrue(stderr.contains("asyncrl: what-if reruns of the recommendation (" + whatIfSteps + " steps each)"), stderr);
        assertTrue(Files.readString(planned.resolve("plan.txt")).contains("in-memory reruns of " + whatIfSteps
                + " steps each"));
    }

    @Test
    void shouldSayWhatCalibrateFromStepTimesNeedsAndLoseNothing() throws Exception {
        Path steps = Files.writeString(tmp.resolve("steps.csv"), "step,step_seconds\n1,3.0\n2,n/a\n");
        Path out = tmp.resolve("cal.yaml");
        assertEquals(2, run("calibrate", "--spec", "../examples/tiny-sync.yaml", "--out", out.toString()));
        assertTrue(stderr.startsWith("asyncrl calibrate: --spec needs --step-times FILE.csv: the measured step times to "
                + "fit it to\n"), stderr);
        assertTrue(stderr.contains("\nusage: asyncrl calibrate --spec SPEC.yaml --step-times FILE.csv --out FILE.yaml "),
                "the usage line of the form the command line began: " + stderr);
        assertEquals(2, run("calibrate", "--measurements", steps.toString(), "--spec", "../examples/tiny-sync.yaml",
                "--step-times", steps.toString(), "--out", out.toString()));
        assertTrue(stderr.startsWith("asyncrl calibrate: give either --measurements (benchmark rows) or --spec with "
                + "--step-times (a run's step times), not both\n"), stderr);
        assertEquals(2, run("calibrate", "--spec", "../examples/tiny-sync.yaml", "--step-times", steps.toString(),
                "--out", out.toString()));
        assertOneLine("asyncrl calibrate: " + steps + " line 3, column step_seconds: must be a positive number of "
                + "seconds, got 'n/a'");
        Files.writeString(steps, "step,step_seconds\n1,3.0\n");
        // step times given as benchmark rows: the header says which option takes them
        assertEquals(2, run("calibrate", "--measurements", steps.toString(), "--out", out.toString()));
        assertTrue(stderr.strip().endsWith("; it holds step times: give them with --spec SPEC.yaml --step-times " + steps),
                stderr);
        // an asynchronous spec is fitted too; a step no scale in range reaches is refused, naming the figures
        Path far = Files.writeString(tmp.resolve("far.csv"), "step_seconds\n1000\n");
        assertEquals(2, run("calibrate", "--spec", SPEC, "--step-times", far.toString(), "--out", out.toString()));
        assertTrue(stderr.startsWith("asyncrl calibrate: the simulation cannot take the measured 1000 s for the step "
                + "time: at one factor on inference.time-scale and train.time-scale 10 it takes "), stderr);
        assertEquals(1, stderr.strip().lines().count(), stderr);
        assertFalse(Files.exists(out), "nothing written when refused");
        assertEquals(0, run("calibrate", "--spec", "../examples/tiny-sync.yaml", "--step-times", steps.toString(),
                "--out", out.toString()), stderr);
        assertTrue(Files.readString(out).contains("\nhardware:\n  inference.time-scale: "), Files.readString(out));
        // an asynchronous spec that includes the block: check shows the scales it took
        Path async = Files.writeString(tmp.resolve("async.yaml"), Files.readString(Path.of(SPEC))
                + "hardware: {include: cal.yaml}\n");
        assertEquals(0, run("check", async.toString()), stderr);
        assertTrue(stdout.lines().anyMatch(l -> l.matches("hardware options: inference.time-scale [0-9.]+, "
                + "train.time-scale [0-9.]+")), stdout);
    }

    @Test
    void shouldCheckCalibratesOutFileBeforeFittingAndKeepAnEarlierOne() throws Exception {
        Path csv = Files.writeString(tmp.resolve("m.csv"), "model,device,tp,precision,input_tokens,output_tokens,"
                + "output_tokens_per_s,engine,source\nllama-3.1-8b,h100-sxm,1,bf16,128,128,12086,TensorRT-LLM v0.10,lab\n");
        assertEquals(2, run("calibrate", "--measurements", csv.toString(), "--out", tmp.toString()));
        assertOneLine("asyncrl calibrate: --out " + tmp + " is a folder; give a file for the hardware: block, e.g. --out "
                + tmp.resolve("hardware.yaml"));

        Path kept = Files.writeString(tmp.resolve("hw.yaml"), "hardware: {train.mfu: 0.5}  # edited by hand\n");
        assertEquals(2, run("calibrate", "--measurements", csv.toString(), "--out", kept.toString()));
        assertOneLine("asyncrl calibrate: --out " + kept + " is there already; give --force to replace it, or another --out");
        assertEquals("hardware: {train.mfu: 0.5}  # edited by hand\n", Files.readString(kept), "the earlier block is kept");

        assertEquals(0, run("calibrate", "--measurements", csv.toString(), "--out", kept.toString(), "--force"), stderr);
        assertTrue(Files.readString(kept).contains("\nhardware:\n"), "replaced with --force");

        Path nested = tmp.resolve("new").resolve("folder").resolve("hw.yaml");
        assertEquals(0, run("calibrate", "--measurements", csv.toString(), "--out", nested.toString()), stderr);
        assertTrue(Files.isRegularFile(nested), "the folders above a new file are created");
    }

    @Test
    void shouldRefuseAFetchIntoAFileOrOverAnEarlierRunBeforeAskingTheService() throws Exception {
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        // no broker at this address: the folder is refused before the service is asked
        assertEquals(2, run("fetch", "some-id", "--bootstrap", "127.0.0.1:1", "--out", file.toString()));
        assertOneLine("asyncrl fetch: --out " + file + " is a file; give a folder (it is created if missing)");

        Path ran = Files.createDirectories(tmp.resolve("ran-before"));
        Files.writeString(ran.resolve("steps.arrow"), "earlier");
        assertEquals(2, run("fetch", "some-id", "--bootstrap", "127.0.0.1:1", "--out", ran.toString()));
        assertOneLine("asyncrl fetch: --out " + ran + " holds earlier outputs (steps.arrow); give --force to replace "
                + "them, or another --out");
        assertEquals("earlier", Files.readString(ran.resolve("steps.arrow")));
        assertFalse(Files.exists(ran.resolve(OutFolder.LOCK)), "the lock file goes when the command ends");
    }

    @Test
    void shouldRefuseAReportIntoAFolderInUse() {
        Path out = tmp.resolve("busy-report");
        try (OutFolder first = OutFolder.claim(out, false)) {
            assertEquals(2, run("report", SPEC, "--in-memory", "--out", out.toString()));
            assertOneLine("asyncrl report: --out " + out + " is in use by another asyncrl report (pid "
                    + ProcessHandle.current().pid() + "); wait for it to end, or give another --out");
        }
    }

    @Test
    void shouldNameATakenUiPortAndTheFlagAtOnce() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            long t0 = System.nanoTime();
            assertEquals(2, run("run", SPEC, "--out", tmp.resolve("ui").toString(), "--ui", "--ui-port",
                    Integer.toString(taken.getLocalPort())));
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
            assertTrue(stderr.startsWith("asyncrl run: --ui-port " + taken.getLocalPort() + " is in use ("), stderr);
            assertTrue(stderr.strip().endsWith("give a free port with --ui-port N"), stderr);
            assertEquals(1, stderr.strip().lines().count(), stderr);
        }
        assertFalse(Files.exists(tmp.resolve("ui").resolve(".asyncrl")), "nothing started");
    }

    @Test
    void shouldFailClusterStartWhenTheKafkaPortIsTakenAndLeaveNothingRunning() throws Exception {
        Path dir = tmp.resolve("cluster");
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertEquals(1, run("cluster", "start", "--dir", dir.toString(), "--kafka-port", Integer.toString(port),
                    "--controller-port", Integer.toString(freePort()), "--rest-port", Integer.toString(freePort()),
                    "--rpc-port", Integer.toString(freePort())));
            assertTrue(stderr.contains("asyncrl cluster failed: port " + port + " (kafka) is already in use by another "
                    + "process; stop it or choose another port with --kafka-port N (details in "), stderr);
            assertFalse(stderr.contains("\tat "), stderr);
            assertEquals("", stdout, "no addresses printed for a cluster that did not start");
        }
        assertEquals(0, run("cluster", "status", "--dir", dir.toString()));
        assertFalse(stdout.contains("running (pid"), stdout);
        assertTrue(stdout.contains("not running (start it with: asyncrl cluster start)"), stdout);
    }

    @Test
    void shouldRefuseAFiftyMegabyteSingleLineSpecInOneLineWithinFiveSeconds() throws Exception {
        Path big = tmp.resolve("big.yaml");
        byte[] line = new byte[50 * 1024 * 1024];
        java.util.Arrays.fill(line, (byte) 'a');
        System.arraycopy("name: ".getBytes(StandardCharsets.UTF_8), 0, line, 0, 6);
        Files.write(big, line);
        long t0 = System.nanoTime();
        assertEquals(2, run("check", big.toString()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5000, "took " + ms + " ms");
        assertOneLine("asyncrl check: " + big + ": too large for a spec (52428800 bytes; at most 262144 characters): "
                + "is this the right file?");
    }

    /** Point 6's spec mistakes, at the command line: refused by field, exit 2, no stack trace. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"binary-nul-byte", "boolean-off", "boolean-yes",
            "yaml-alias", "yaml-inf", "yaml-nan"})
    void shouldRefuseEachYamlMistakeByFieldWithoutAStackTrace(String fixture) throws Exception {
        Path spec = Path.of("src/test/resources/specs/bad/" + fixture + ".yaml");
        String expect = Files.readAllLines(spec, StandardCharsets.ISO_8859_1).stream()
                .filter(l -> l.startsWith("# expect: ")).findFirst().orElseThrow().substring(10);
        String field = expect.substring(0, expect.indexOf(" | "));
        String phrase = expect.substring(expect.indexOf(" | ") + 3);
        assertEquals(2, run("check", spec.toString()));
        if (field.equals("file")) {
            // a file that cannot be read as YAML text at all: one line
            assertTrue(stderr.startsWith("asyncrl check: " + spec + ": " + phrase), stderr);
            assertEquals(1, stderr.strip().lines().count(), stderr);
        } else {
            assertTrue(stderr.startsWith("asyncrl: the spec was refused; nothing was started:\n"), stderr);
            assertTrue(stderr.contains(spec + ": " + field + ": ") && stderr.contains(phrase), stderr);
        }
        assertFalse(stderr.contains("\tat ") || stderr.contains("Exception"), stderr);
        assertEquals("", stdout);
    }

    @Test
    void shouldNameABrokerThatDoesNotAnswerOnWatchAndSubmitInOneLine() {
        String down = "asyncrl: the Kafka broker at 127.0.0.1:1 does not answer (for 5 s); start it again (asyncrl "
                + "cluster start, or your broker's restart) and watch again: the service resumes from its topics";
        long t0 = System.nanoTime();
        assertEquals(1, run("watch", "exp-x", "--bootstrap", "127.0.0.1:1"));
        assertOneLine(down);
        assertEquals(1, run("submit", SPEC, "--bootstrap", "127.0.0.1:1"));
        assertTrue(stderr.strip().endsWith(down.replace("and watch again: the service resumes from its topics",
                "and submit again: nothing was submitted")), stderr);
        assertEquals(2, stderr.strip().lines().count(), "the cost estimate, then the broker: " + stderr);
        assertFalse(stderr.contains("\tat ") || stderr.contains("Exception"), stderr);
        assertEquals(1, run("fetch", "exp-x", "--bootstrap", "127.0.0.1:1", "--out", tmp.resolve("fetched").toString()));
        assertOneLine(down.replace("and watch again", "and fetch again"));
        assertTrue(System.nanoTime() - t0 < 45e9, "all three within 45 s");
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
