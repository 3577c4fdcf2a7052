package io.asyncrl.jobs.compare;

import static io.asyncrl.jobs.cli.CliArgs.required;

import io.asyncrl.jobs.cli.CliArgs;
import io.asyncrl.jobs.cli.ExperimentIds;
import io.asyncrl.jobs.report.ChromeTrace;
import io.asyncrl.jobs.report.HtmlReport;
import io.asyncrl.jobs.report.RunTimeline;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.run.ProgressListener;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.jobs.run.RunOutputs;
import io.asyncrl.jobs.run.RunResult;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/** The {@code compare}, {@code sweep} and {@code report} commands. Bad usage throws {@link IllegalArgumentException}. */
public final class CompareCommands {
    private CompareCommands() {}

    public static int compare(Deque<String> a, PrintStream out, PrintStream err) throws Exception {
        Path spec = Path.of(required(a, "SPEC.yaml"));
        List<String> modes = List.of("sync", "one-step-off", "async");
        List<Integer> staleness = null;
        Common c = new Common();
        while (!a.isEmpty()) {
            String flag = a.pop();
            switch (flag) {
                case "--modes" -> modes = Arrays.asList(required(a, "--modes LIST").split(","));
                case "--staleness" -> staleness = Arrays.stream(required(a, "--staleness LIST").split(","))
                        .map(CompareCommands::nonNegative).toList();
                default -> c.option(flag, a);
            }
        }
        c.check("compare");
        String text = read(spec);
        SpecVariants base = new SpecVariants(text, spec.toString());
        if (staleness == null) {
            staleness = List.of(base.tree().path("async").path("max_staleness").asInt(4));
        }
        for (String m : modes) {
            if (!VariantSets.MODES.contains(m)) {
                throw new IllegalArgumentException("unknown mode '" + m + "'; modes: " + String.join(", ", VariantSets.MODES));
            }
        }
        return runAndReport(VariantSets.modes(base, modes, staleness), c, spec, "compare", out, err);
    }

    public static int sweep(Deque<String> a, PrintStream out, PrintStream err) throws Exception {
        Path spec = Path.of(required(a, "SPEC.yaml"));
        LinkedHashMap<String, List<String>> axes = new LinkedHashMap<>();
        Common c = new Common();
        while (!a.isEmpty()) {
            String flag = a.pop();
            if (flag.equals("--set")) {
                String kv = required(a, "--set path=v1,v2");
                int eq = kv.indexOf('=');
                if (eq <= 0 || eq == kv.length() - 1) {
                    throw new IllegalArgumentException("--set needs path=v1,v2,..., got '" + kv + "'");
                }
                axes.put(kv.substring(0, eq), Arrays.asList(kv.substring(eq + 1).split(",")));
            } else {
                c.option(flag, a);
            }
        }
        c.check("sweep");
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("sweep needs at least one --set path=v1,v2");
        }
        SpecVariants base = new SpecVariants(read(spec), spec.toString());
        return runAndReport(VariantSets.sweep(base, axes), c, spec, "sweep", out, err);
    }

    /** Runs one spec like {@code run} and writes its files plus report.html and trace.json. */
    public static int report(Deque<String> a, PrintStream out, PrintStream err) throws Exception {
        Path spec = Path.of(required(a, "SPEC.yaml"));
        Common c = new Common();
        while (!a.isEmpty()) {
            c.option(a.pop(), a);
        }
        c.check("report");
        ExperimentSpec s = ExperimentIds.load(spec, null);
        RunResult r = c.inMemory ? InMemoryRunner.run(s) : LocalRunner.run(s, c.options, ProgressListener.NONE);
        RunOutputs.write(c.out, r);
        HtmlReport.write(c.out.resolve(HtmlReport.FILE), s.getName(), List.of(RunTimeline.of(s.getName(), s, r)), null);
        ChromeTrace.write(c.out.resolve(ChromeTrace.FILE), r);
        out.println("wrote " + c.out.resolve(HtmlReport.FILE) + " and " + c.out.resolve(ChromeTrace.FILE)
                + " (open it in Perfetto) beside summary.json, steps.arrow, trajectories.arrow");
        return 0;
    }

    private static int runAndReport(List<Variant> variants, Common c, Path spec, String what, PrintStream out,
            PrintStream err) throws Exception {
        Comparison.Engine engine = c.inMemory ? Comparison.Engine.IN_MEMORY : Comparison.Engine.FLINK;
        err.println("asyncrl: " + what + " runs " + variants.size() + " variants of " + spec + (engine == Comparison.Engine.FLINK
                ? " as concurrent experiments of one pipeline job (embedded Kafka broker, Flink MiniCluster)"
                : " with the in-memory pipeline (the same stage code as the Flink job)"));
        Comparison cmp = Comparison.run(variants, engine, c.options, ProgressListener.NONE);
        cmp.write(c.out, what + " of " + spec.getFileName());
        out.print(cmp.table());
        out.println(String.format(Locale.ROOT, "ran %d variants in %.1f s; wrote %s, %s and one folder per variant",
                variants.size(), cmp.wall().toMillis() / 1e3, c.out.resolve(Comparison.JSON_FILE), c.out.resolve(HtmlReport.FILE)));
        return 0;
    }

    private static String read(Path spec) throws Exception {
        if (!Files.isRegularFile(spec)) {
            throw new IllegalArgumentException("spec file not found: " + spec);
        }
        return Files.readString(spec, StandardCharsets.UTF_8);
    }

    private static int nonNegative(String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--staleness needs non-negative integers, got '" + v + "'");
    }

    /** Options shared by compare, sweep and report. */
    private static final class Common {
        Path out;
        boolean inMemory;
        RunOptions options = RunOptions.defaults();

        void option(String flag, Deque<String> a) {
            switch (flag) {
                case "--out" -> out = Path.of(required(a, "--out DIR"));
                case "--in-memory" -> inMemory = true;
                case "--parallelism" -> options = options.withParallelism(CliArgs.positive(a, flag));
                case "--partitions" -> options = options.withPartitions(CliArgs.positive(a, flag));
                case "--bootstrap" -> options = options.withBootstrap(required(a, "--bootstrap HOST:PORT"));
                case "--timeout-minutes" -> options = new RunOptions(options.bootstrap(), options.parallelism(),
                        options.partitions(), options.topicPrefix(), false, options.webUiPort(),
                        Duration.ofMinutes(CliArgs.positive(a, flag)));
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }

        void check(String command) {
            if (out == null) {
                throw new IllegalArgumentException(command + " needs --out DIR");
            }
        }
    }

    static List<String> list(String csv) {
        return new ArrayList<>(Arrays.asList(csv.split(",")));
    }
}
