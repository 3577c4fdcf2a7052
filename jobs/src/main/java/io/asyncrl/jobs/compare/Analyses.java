package io.asyncrl.jobs.compare;

import io.asyncrl.jobs.report.ChromeTrace;
import io.asyncrl.jobs.report.HtmlReport;
import io.asyncrl.jobs.report.RunTimeline;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.run.OutFolder;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.jobs.result.RunOutputs;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.spec.ExperimentIds;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * What {@code compare}, {@code sweep} and {@code report} do once their options are read: build the
 * variants, run them and write the files. Bad values throw {@link IllegalArgumentException}.
 */
public final class Analyses {
    private Analyses() {}

    /**
     * Where the outputs go and how the runs are made.
     *
     * @param out the output folder
     * @param inMemory run the in-memory pipeline instead of Flink + Kafka
     * @param options the Flink + Kafka wiring
     * @param force replace earlier outputs in {@code out}
     */
    public record Settings(Path out, boolean inMemory, RunOptions options, boolean force) {
        /** Claims the output folder before anything runs ({@link OutFolder#claimFor}). */
        OutFolder claim(String command, List<String> outputs) {
            return OutFolder.claimFor(command, out, force, outputs);
        }
    }

    /** What {@code report} writes. */
    static final List<String> REPORT_OUTPUTS = List.of(RunOutputs.SUMMARY, RunOutputs.RESOLVED_SPEC, RunOutputs.STEPS,
            RunOutputs.TRAJECTORIES, HtmlReport.FILE, ChromeTrace.FILE, WhatIf.FILE);
    /** What {@code compare} and {@code sweep} write beside one folder per variant. */
    static final List<String> COMPARISON_OUTPUTS = List.of(Comparison.JSON_FILE, HtmlReport.FILE);

    public static int compare(Path spec, List<String> modes, List<Integer> staleness, Settings c, PrintStream out,
            PrintStream err) throws Exception {
        String text = read(spec);
        SpecVariants base = new SpecVariants(text, spec.toString());
        for (String m : modes) {
            if (!VariantSets.MODES.contains(m)) {
                throw new IllegalArgumentException("unknown mode '" + m + "'; modes: " + String.join(", ", VariantSets.MODES));
            }
        }
        List<Variant> variants = VariantSets.modes(base, modes, staleness);
        try (OutFolder folder = c.claim("compare", COMPARISON_OUTPUTS)) {
            return runAndReport(variants, c, spec, "compare", base, out, err);
        }
    }

    /** {@code compare --policies}: one variant per policy of {@link PolicySets} on the spec's cluster and workload. */
    public static int policies(Path spec, List<String> policies, Settings c, PrintStream out, PrintStream err)
            throws Exception {
        SpecVariants base = new SpecVariants(read(spec), spec.toString());
        List<Variant> variants = PolicySets.variants(base, PolicySets.names(policies));
        try (OutFolder folder = c.claim("compare", COMPARISON_OUTPUTS)) {
            return runPolicies(spec, variants, c, out, err);
        }
    }

    private static int runPolicies(Path spec, List<Variant> variants, Settings c, PrintStream out, PrintStream err)
            throws Exception {
        Comparison.Engine engine = c.inMemory() ? Comparison.Engine.IN_MEMORY : Comparison.Engine.FLINK;
        err.println("asyncrl: compare runs " + variants.size() + " policies on " + spec + (engine == Comparison.Engine.FLINK
                ? " as concurrent experiments of one pipeline job (embedded Kafka broker, Flink MiniCluster)"
                : " with the in-memory pipeline (the same stage code as the Flink job)"));
        Comparison cmp = Comparison.run(variants, engine, c.options(), ProgressListener.NONE).withPolicyMetrics();
        cmp.write(c.out(), "policies on " + spec.getFileName());
        out.print(PolicyMetrics.table(cmp));
        out.println(String.format(Locale.ROOT, "ran %d policies in %.1f s; wrote %s, %s and one folder per policy",
                variants.size(), cmp.wall().toMillis() / 1e3, c.out().resolve(Comparison.JSON_FILE),
                c.out().resolve(HtmlReport.FILE)));
        return 0;
    }

    public static int sweep(Path spec, LinkedHashMap<String, List<String>> axes, Settings c, PrintStream out,
            PrintStream err) throws Exception {
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("sweep needs at least one --set path=v1,v2");
        }
        SpecVariants base = new SpecVariants(read(spec), spec.toString());
        List<Variant> variants = VariantSets.sweep(base, axes);
        try (OutFolder folder = c.claim("sweep", COMPARISON_OUTPUTS)) {
            return runAndReport(variants, c, spec, "sweep", null, out, err);
        }
    }

    /** Runs one spec like {@code run} and writes its files plus report.html and trace.json. */
    public static int report(Path spec, Settings c, PrintStream out) throws Exception {
        ExperimentSpec s = ExperimentIds.load(spec, null);
        try (OutFolder folder = c.claim("report", REPORT_OUTPUTS)) {
            return runReport(spec, s, c, out);
        }
    }

    private static int runReport(Path spec, ExperimentSpec s, Settings c, PrintStream out) throws Exception {
        RunResult r = c.inMemory() ? InMemoryRunner.run(s) : LocalRunner.run(s, c.options(), ProgressListener.NONE);
        RunOutputs.write(c.out(), r);
        WhatIf whatIf = WhatIf.of(new SpecVariants(read(spec), spec.toString()));
        whatIf.write(c.out());
        HtmlReport.write(c.out().resolve(HtmlReport.FILE), s.getName(), List.of(RunTimeline.of(s.getName(), s, r)), null,
                whatIf.json());
        ChromeTrace.write(c.out().resolve(ChromeTrace.FILE), s, r);
        out.print(whatIf.table());
        out.println("wrote " + c.out().resolve(HtmlReport.FILE) + " and " + c.out().resolve(ChromeTrace.FILE)
                + " (open it in Perfetto) beside summary.json, steps.arrow, trajectories.arrow and " + WhatIf.FILE);
        return 0;
    }

    /** @param checkBaseline compare's base spec, to check a synchronous colocated baseline ({@link BaselineCheck}); null for sweep */
    private static int runAndReport(List<Variant> variants, Settings c, Path spec, String what, SpecVariants checkBaseline,
            PrintStream out, PrintStream err) throws Exception {
        Comparison.Engine engine = c.inMemory() ? Comparison.Engine.IN_MEMORY : Comparison.Engine.FLINK;
        err.println("asyncrl: " + what + " runs " + variants.size() + " variants of " + spec + (engine == Comparison.Engine.FLINK
                ? " as concurrent experiments of one pipeline job (embedded Kafka broker, Flink MiniCluster)"
                : " with the in-memory pipeline (the same stage code as the Flink job)"));
        Comparison cmp = Comparison.run(variants, engine, c.options(), ProgressListener.NONE);
        if (checkBaseline != null) {
            cmp.withBaselineCheck(BaselineCheck.of(cmp, checkBaseline));
        }
        cmp.write(c.out(), what + " of " + spec.getFileName());
        out.print(cmp.table());
        out.println(String.format(Locale.ROOT, "ran %d variants in %.1f s; wrote %s, %s and one folder per variant",
                variants.size(), cmp.wall().toMillis() / 1e3, c.out().resolve(Comparison.JSON_FILE), c.out().resolve(HtmlReport.FILE)));
        return 0;
    }

    private static String read(Path spec) throws Exception {
        if (!Files.isRegularFile(spec)) {
            throw new IllegalArgumentException("spec file not found: " + spec);
        }
        return Files.readString(spec, StandardCharsets.UTF_8);
    }
}
