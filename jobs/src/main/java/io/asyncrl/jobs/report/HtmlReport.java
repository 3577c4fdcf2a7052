package io.asyncrl.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the self-contained report.html: the template from this package's resources, Apache
 * ECharts inlined from its webjar (so the file opens offline) and the chart data as a JSON block.
 * The page writes {@code <div id="charts-ready" data-count=N data-errors=E>} once its charts are
 * drawn, which the browser test reads.
 */
public final class HtmlReport {
    public static final String FILE = "report.html";
    /** Charts a report with a comparison draws; one fewer without. */
    public static final int CHARTS_WITH_COMPARISON = 7;
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HtmlReport() {}

    /**
     * @param runs one {@link RunTimeline} per run
     * @param comparison {@code {"baseline": label, "variants": [...]}} or null for a single run
     */
    public static void write(Path file, String title, List<ObjectNode> runs, ObjectNode comparison) throws IOException {
        write(file, title, runs, comparison, null);
    }

    /** @param whatIf the what-if table ({@code WhatIf.json()}) or null */
    public static void write(Path file, String title, List<ObjectNode> runs, ObjectNode comparison, ObjectNode whatIf)
            throws IOException {
        ObjectNode data = JSON.createObjectNode();
        ArrayNode r = data.putArray("runs");
        runs.forEach(r::add);
        if (comparison != null) {
            data.set("comparison", comparison);
        }
        if (whatIf != null) {
            data.set("what_if", whatIf);
        }
        // "</" inside a script element would end it early; the JSON escape keeps the text equal.
        String json = JSON.writeValueAsString(data).replace("</", "<\\/");
        String html = resource("io/asyncrl/jobs/report/report.html")
                .replace("__TITLE__", escape(title))
                .replace("__DATA__", json)
                .replace("<script>__ECHARTS__</script>", "<script>" + resource(ECHARTS) + "</script>");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (the echarts webjar must be on the classpath)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
