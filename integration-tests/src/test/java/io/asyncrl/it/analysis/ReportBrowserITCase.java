package io.asyncrl.it.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.report.HtmlReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the reports in headless Chromium (Debian's {@code chromium}, installed by .ci/run): every
 * chart renders with no script error and no console error, and a screenshot is saved under target/.
 * The page marks itself {@code <div id="charts-ready" data-count=N data-errors=E>} after drawing.
 */
class ReportBrowserITCase {
    /** The command .ci/run uses to install Debian's chromium package. */
    static final String INSTALL = "sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium";
    private static final Pattern READY = Pattern.compile("<div id=\"charts-ready\" data-count=\"(\\d+)\" data-errors=\"(\\d+)\">");

    @TempDir
    Path tmp;

    @Test
    void shouldRenderTheComparisonReportOfflineWithEveryChartAndNoConsoleError() throws Exception {
        Path chromium = chromium();
        Cli cli = new Cli();
        Path out = tmp.resolve("cmp");
        assertEquals(0, cli.run("compare", Cli.example("tiny-async.yaml").toString(), "--staleness", "1,2", "--out",
                out.toString(), "--in-memory"), cli.stderr());
        Path report = out.resolve(HtmlReport.FILE);
        String dom = assertRenders(chromium, report, HtmlReport.CHARTS_WITH_COMPARISON, "report-comparison.png");
        // compare's check of its sync baseline, rendered under the variants (Qwen2.5-1.5B's 12 heads admit TP 1, 2, 4)
        assertTrue(dom.contains("Baseline check (in memory): trained tok/s of sync by rollout TP: 1: "), dom);
    }

    @Test
    void shouldRenderTheSingleRunReport() throws Exception {
        Path chromium = chromium();
        Cli cli = new Cli();
        Path out = tmp.resolve("run");
        assertEquals(0, cli.run("report", Cli.example("tiny-async.yaml").toString(), "--out", out.toString(), "--in-memory"),
                cli.stderr());
        assertRenders(chromium, out.resolve(HtmlReport.FILE), HtmlReport.CHARTS_WITH_COMPARISON - 1, "report-run.png");
    }

    /** Renders the report, checks it, and returns the rendered DOM. */
    private String assertRenders(Path chromium, Path report, int charts, String screenshot) throws Exception {
        String html = Files.readString(report);
        assertTrue(!html.contains("src=\"http") && !html.contains("href=\"http"), "the report loads nothing from the network");
        Result dom = chromium(chromium, report, "--dump-dom");
        Matcher m = READY.matcher(dom.stdout);
        assertTrue(m.find(), "no charts-ready marker; stderr:\n" + dom.stderr);
        assertEquals("0", m.group(2), "script errors: " + between(dom.stdout, "<div id=\"errors\">", "</div>"));
        assertEquals(charts, Integer.parseInt(m.group(1)), "charts rendered");
        List<String> consoleErrors = new ArrayList<>();
        for (String line : dom.stderr.split("\n")) {
            if (line.contains("Uncaught") || (line.contains("CONSOLE") && line.contains("ERROR"))) {
                consoleErrors.add(line);
            }
        }
        assertTrue(consoleErrors.isEmpty(), "console errors: " + consoleErrors);
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Path png = target.resolve(screenshot);
        Files.deleteIfExists(png);
        chromium(chromium, report, "--screenshot=" + png);
        assertTrue(Files.size(png) > 20_000, "screenshot " + png + " written");
        return dom.stdout;
    }

    private record Result(String stdout, String stderr) {}

    private Result chromium(Path exe, Path report, String action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        Path stdout = tmp.resolve("chromium-" + System.nanoTime() + ".out");
        Path stderr = tmp.resolve("chromium-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(exe.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile, "--window-size=1400,2600", action,
                report.toUri().toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s");
        }
        return new Result(Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static Path chromium() {
        // -Dasyncrl.chromium=PATH names the browser (a missing path shows what a machine without one prints)
        String given = System.getProperty("asyncrl.chromium");
        for (String c : given != null ? List.of(given) : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        // Surefire and Failsafe list an aborted test only as "Skipped": say why, and how to run it, in the build output.
        String why = "ReportBrowserITCase SKIPPED: chromium is not installed, so report.html was not opened in a browser. "
                + "Install it as .ci/run does: " + INSTALL;
        System.out.println("[WARNING] " + why);
        Assumptions.abort(why);
        return null;
    }

    private static String between(String s, String from, String to) {
        int i = s.indexOf(from);
        if (i < 0) {
            return "";
        }
        int j = s.indexOf(to, i + from.length());
        return j < 0 ? s.substring(i) : s.substring(i + from.length(), j);
    }
}
