package io.asyncrl.jobs.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.jobs.accuracy.Accuracy;
import io.asyncrl.jobs.compare.SpecVariants;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code asyncrl plan SPEC --devices N1,N2,...} does: plan's search at each device count, then a table of the
 * recommendation at each count and its trained tokens/s per device, so "how many devices?" is one command; each
 * count's plan (recommendation, Pareto front, runner-ups) follows. The robustness check, the what-if table and
 * {@code --confirm} belong to a plan of one count. With {@code outDir}, plan.txt holds the text and plan.json the
 * scaling rows and each count's plan.
 */
public record PlanScaling(Path spec, List<Integer> devices, int maxStaleness, int steps, int threads, int budgetMinutes,
        Path outDir) {
    /** One row of the scaling table: a device count and its search. */
    record Count(int devices, Planner.Result result) {}

    public int run(PrintStream out, PrintStream err) throws Exception {
        PlanRun.check(spec, devices, steps, outDir);
        SpecVariants base = new SpecVariants(Files.readString(spec, StandardCharsets.UTF_8), spec.toString());
        List<Count> counts = new ArrayList<>();
        for (int n : devices) {
            err.println("asyncrl: planning " + spec + " on " + n + " devices, staleness at most " + maxStaleness);
            counts.add(new Count(n, new Planner(base, n, maxStaleness, steps, threads, budgetMinutes * 60.0)
                    .progress(line -> err.println("asyncrl: [" + n + " devices] " + line)).search()));
        }
        StringBuilder text = new StringBuilder(table(counts)).append(Accuracy.lines());
        for (Count c : counts) {
            text.append("\n== ").append(c.devices()).append(" devices ==\n").append(PlanRun.render(c.result(), c.devices(),
                    maxStaleness, false));
        }
        text.append(PlanRun.thresholdNote(base));
        text.append("\n(the robustness check, the what-if table and --confirm take one --devices count: run plan again "
                + "with the count you choose)\n");
        out.print(text);
        if (outDir != null) {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve(PlanConfirmation.PLAN_FILE), text.toString(), StandardCharsets.UTF_8);
            Files.writeString(outDir.resolve(PlanJson.FILE), PlanJson.write(json(counts)), StandardCharsets.UTF_8);
            List<String> specs = new ArrayList<>();
            for (Count c : counts) {
                if (!c.result().simulated().isEmpty()) {
                    Path file = outDir.resolve(RecommendedSpec.fileFor(c.devices()));
                    Files.writeString(file, RecommendedSpec.text(base, c.result(), spec.toString(), c.devices(),
                            file.toString()), StandardCharsets.UTF_8);
                    specs.add(file.getFileName().toString());
                }
            }
            out.println("wrote " + outDir.resolve(PlanConfirmation.PLAN_FILE) + ", " + PlanJson.FILE
                    + (specs.isEmpty() ? "" : " and the recommendation at each count as a spec to run: "
                    + String.join(", ", specs)));
        }
        return 0;
    }

    /** The scaling table: each count's recommendation, its trained tokens/s, per device, and per device against the first. */
    static String table(List<Count> counts) {
        StringBuilder b = new StringBuilder("scaling: the recommendation at each device count (plan's search at each; "
                + "trained tokens/s over the steady state)\n");
        List<String> configs = counts.stream().map(c -> c.result().simulated().isEmpty() ? "nothing fits memory"
                : c.result().best().config()).toList();
        int w = Math.max(11, configs.stream().mapToInt(String::length).max().orElse(11));
        b.append(String.format(Locale.ROOT, "  %-8s %-" + w + "s %14s %11s %17s%n", "devices", "recommended", "trained tok/s",
                "per device", "per device vs " + counts.get(0).devices()));
        double first = perDevice(counts.get(0));
        for (int i = 0; i < counts.size(); i++) {
            Count c = counts.get(i);
            double tps = tokensPerSecond(c);
            double per = perDevice(c);
            b.append(String.format(Locale.ROOT, "  %-8d %-" + w + "s %14.0f %11.0f %17s%n", c.devices(), configs.get(i),
                    tps, per, first > 0 ? String.format(Locale.ROOT, "%.2fx", per / first) : "-"));
        }
        return b.toString();
    }

    private static double tokensPerSecond(Count c) {
        return c.result().simulated().isEmpty() ? 0 : c.result().best().simulated;
    }

    private static double perDevice(Count c) {
        return tokensPerSecond(c) / c.devices();
    }

    private ObjectNode json(List<Count> counts) {
        ObjectNode root = PlanJson.object();
        root.put("spec", spec.toString());
        ArrayNode ds = root.putArray("devices");
        counts.forEach(c -> ds.add(c.devices()));
        root.put("max_staleness", maxStaleness);
        ArrayNode rows = root.putArray("scaling");
        double first = perDevice(counts.get(0));
        for (Count c : counts) {
            ObjectNode row = rows.addObject();
            row.put("devices", c.devices());
            if (!c.result().simulated().isEmpty()) {
                PlanJson.candidate(row.putObject("recommended"), c.result().best());
            }
            row.put("trained_tokens_per_second", tokensPerSecond(c));
            row.put("trained_tokens_per_second_per_device", perDevice(c));
            row.put("per_device_vs_first", first > 0 ? perDevice(c) / first : 0);
        }
        ArrayNode plans = root.putArray("plans");
        for (Count c : counts) {
            plans.add(PlanJson.node(c.result(), spec.toString(), c.devices(), maxStaleness, null));
        }
        return root;
    }
}
