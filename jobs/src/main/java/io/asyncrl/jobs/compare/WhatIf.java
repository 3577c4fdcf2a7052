package io.asyncrl.jobs.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.spec.SpecException;
import io.asyncrl.operators.sim.core.StalenessRule;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one change to a spec would gain: short in-memory reruns of the spec as it is and with +25% rollout
 * devices, +25% training devices, one more version of staleness, the other placement, and the cheaper choice of each
 * costly framework mechanic the run makes ({@link WhatIfKnobs}). Every rerun, the
 * baseline included, trains the same few steps without evaluation, so the rows compare like with like; each row
 * is the rerun's own summary, reproducible by running the row's settings on the spec by hand. A disaggregated spec's
 * colocated row also runs at the other rollout TPs it admits, and when one is more than 2% faster a row after it gives
 * the colocated run at that TP ({@link BaselineCheck}: a synchronous run's best TP is often not the spec's).
 */
public final class WhatIf {
    public static final String FILE = "what_if.json";
    /** Steps each rerun trains: enough for the staleness window to fill at the bounds plan searches. */
    public static final int STEPS = 8;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One row: what changed, the settings applied to the spec, the rerun's summary (null when the change does not
     * apply to this spec, {@code note} says why) and its trained tokens/s over the second half of its steps, as
     * {@code plan} ranks candidates (0 when it did not run): the whole-run figure includes an asynchronous pipeline's
     * fill, which a synchronous run does not have.
     */
    public record Row(String change, Map<String, String> settings, String note, String summaryJson,
            double steadyTokensPerSecond) {
        public boolean ran() {
            return summaryJson != null;
        }

        JsonNode summary() {
            try {
                return JSON.readTree(summaryJson);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public double trainedTokensPerSecond() {
            return summary().path("trained_tokens_per_second").asDouble();
        }
    }

    private final List<Row> rows;
    private final int steps;

    private WhatIf(List<Row> rows, int steps) {
        this.rows = rows;
        this.steps = steps;
    }

    public List<Row> rows() {
        return rows;
    }

    /**
     * Reruns {@code base} and its changes in memory, each over the settled horizon of the spec's staleness bound plus
     * one (the staleness row's): {@link SettledSteps#of}, at least {@link #STEPS}.
     */
    public static WhatIf of(SpecVariants base) throws Exception {
        ExperimentSpec spec = base.variant(Map.of(), "what-if-spec").spec();
        int batch = spec.getAlgorithm().getGroupSize() * spec.getAlgorithm().getPromptsPerStep();
        return of(base, SettledSteps.of(STEPS, StalenessRule.of(spec.getAsync(), batch).maxTrainedStaleness() + 1));
    }

    /** Reruns {@code base} and its changes in memory, {@code steps} steps each ({@code plan}: its settled horizon). */
    public static WhatIf of(SpecVariants base, int steps) throws Exception {
        ObjectNode tree = base.tree();
        List<String> changes = new ArrayList<>();
        List<Map<String, String>> settings = changes(tree, changes);
        // the placement row is the last of changes(); the framework mechanics' rows follow it
        int colocatedRow = settings.size() - 1;
        WhatIfKnobs.add(base.variant(Map.of(), "what-if-spec").spec(), changes, settings);
        List<Variant> variants = new ArrayList<>();
        List<Integer> ran = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            Map<String, String> s = settings.get(i);
            if (s == null) {
                notes.add("not applicable: a colocated spec has one pool of devices (the row above grows it)");
                continue;
            }
            Map<String, String> all = new LinkedHashMap<>(s);
            all.put("algorithm.steps", String.valueOf(steps));
            all.put("evaluation", "~");
            try {
                variants.add(base.variant(all, "what-if-" + i));
                ran.add(i);
                notes.add("");
            } catch (SpecException e) {
                notes.add("refused: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        // the colocated row keeps the spec's rollout TP; a synchronous run is often faster at another (its step waits
        // for the longest answer), so the row runs at the other TPs too, as compare's BaselineCheck does
        int specTp = tree.path("cluster").path("rollout").path("tp").asInt(1);
        boolean colocatedRan = isColocatedSync(settings.get(colocatedRow)) && ran.contains(colocatedRow);
        List<Variant> atOtherTps = colocatedRan
                ? BaselineCheck.atOtherRolloutTps(base, withRun(settings.get(colocatedRow), steps), specTp, "what-if-tp")
                : List.of();
        variants.addAll(atOtherTps);
        List<RunResult> results = Comparison.inMemory(variants);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            int k = ran.indexOf(i);
            Map<String, String> s = settings.get(i) == null ? Map.of() : withRun(settings.get(i), steps);
            rows.add(new Row(changes.get(i), s, notes.get(i), k < 0 ? null : results.get(k).summaryJson(),
                    k < 0 ? 0 : VariantMetrics.steadyTokensPerSecond(results.get(k).steps())));
        }
        if (!atOtherTps.isEmpty()) {
            Row colocated = rows.get(colocatedRow);
            int bestTp = specTp;
            RunResult bestRun = null;
            double best = colocated.trainedTokensPerSecond();
            List<Integer> tried = new ArrayList<>();
            for (int j = 0; j < atOtherTps.size(); j++) {
                Variant v = atOtherTps.get(j);
                RunResult r = results.get(ran.size() + j);
                tried.add(v.spec().getCluster().getRollout().getTp());
                double tps = VariantMetrics.of(v.spec(), r).trainedTokensPerSecond();
                if (tps > best) {
                    best = tps;
                    bestRun = r;
                    bestTp = v.spec().getCluster().getRollout().getTp();
                }
            }
            if (best > BaselineCheck.MARGIN * colocated.trainedTokensPerSecond()) {
                tried.add(specTp);
                tried.sort(null);
                Map<String, String> s = withRun(settings.get(colocatedRow), steps);
                s.put("cluster.rollout.tp", String.valueOf(bestTp));
                rows.add(colocatedRow + 1, new Row(colocated.change().replace(", sync)", ", sync, rollout tp " + bestTp + ": fastest of "
                        + String.join(", ", tried.stream().map(String::valueOf).toList()) + ")"), s, "",
                        bestRun.summaryJson(), VariantMetrics.steadyTokensPerSecond(bestRun.steps())));
            }
        }
        return new WhatIf(rows, steps);
    }

    private static boolean isColocatedSync(Map<String, String> settings) {
        return settings != null && "colocated".equals(settings.get("cluster.placement"))
                && "sync".equals(settings.get("async.mode"));
    }

    private static Map<String, String> withRun(Map<String, String> s, int steps) {
        Map<String, String> all = new LinkedHashMap<>(s);
        all.put("algorithm.steps", String.valueOf(steps));
        all.put("evaluation", "~");
        return all;
    }

    /** The changes in row order (the spec as it is first); null where a change does not apply. */
    static List<Map<String, String>> changes(ObjectNode tree, List<String> names) {
        JsonNode cluster = tree.path("cluster");
        JsonNode async = tree.path("async");
        boolean colocated = cluster.path("placement").asText().equalsIgnoreCase("colocated");
        String mode = async.path("mode").asText("sync").toLowerCase(Locale.ROOT);
        int r = cluster.path("rollout").path("devices").asInt();
        int t = cluster.path("train").path("devices").asInt();
        int rUnit = cluster.path("rollout").path("tp").asInt(1);
        int tUnit = cluster.path("train").path("tp").asInt(1) * cluster.path("train").path("pp").asInt(1);
        List<Map<String, String>> out = new ArrayList<>();
        names.add("as is");
        out.add(new LinkedHashMap<>());
        int moreR = plus25(r, rUnit);
        int moreT = plus25(t, tUnit);
        if (colocated) {
            int both = plus25(r, rUnit / gcd(rUnit, tUnit) * tUnit);
            names.add("+25% devices (colocated: " + r + " -> " + both + ", both pools)");
            out.add(SpecVariants.settings("cluster.rollout.devices", String.valueOf(both),
                    "cluster.train.devices", String.valueOf(both)));
            names.add("+25% training devices");
            out.add(null);
        } else {
            names.add("+25% rollout devices (" + r + " -> " + moreR + ")");
            out.add(SpecVariants.settings("cluster.rollout.devices", String.valueOf(moreR)));
            names.add("+25% training devices (" + t + " -> " + moreT + ")");
            out.add(SpecVariants.settings("cluster.train.devices", String.valueOf(moreT)));
        }
        int total = colocated ? r : r + t;
        int split = Math.max(rUnit, (total * 3 / 4) / rUnit * rUnit);
        switch (mode) {
            case "async" -> {
                JsonNode threshold = async.path("staleness_threshold");
                if (threshold.isNumber()) {
                    // verl's fractional bound replaces max_staleness: one batch more per sync of T updates is 1 / T
                    int perSync = Math.max(1, async.path("updates_per_sync").asInt(1));
                    String more = fraction(threshold.asDouble() + 1.0 / perSync);
                    names.add("staleness +1 (threshold " + fraction(threshold.asDouble()) + " -> " + more + ")");
                    out.add(SpecVariants.settings("async.staleness_threshold", more));
                } else {
                    int eta = async.path("max_staleness").asInt(0);
                    names.add("staleness +1 (eta " + eta + " -> " + (eta + 1) + ")");
                    out.add(SpecVariants.settings("async.max_staleness", String.valueOf(eta + 1)));
                }
            }
            case "one-step-off" -> {
                names.add("staleness +1 (one-step-off -> async eta 2)");
                out.add(SpecVariants.settings("async.mode", "async", "async.max_staleness", "2"));
            }
            default -> {
                if (colocated) {
                    names.add("staleness +1 (sync -> one-step-off, disaggregated " + split + " + " + (total - split) + ")");
                    out.add(SpecVariants.settings("cluster.placement", "disaggregated", "cluster.rollout.devices",
                            String.valueOf(split), "cluster.train.devices", String.valueOf(total - split),
                            "async.mode", "one-step-off"));
                } else {
                    names.add("staleness +1 (sync -> one-step-off)");
                    out.add(SpecVariants.settings("async.mode", "one-step-off"));
                }
            }
        }
        if (colocated) {
            names.add("disaggregated (" + split + " rollout + " + (total - split) + " training, sync)");
            out.add(SpecVariants.settings("cluster.placement", "disaggregated", "cluster.rollout.devices",
                    String.valueOf(split), "cluster.train.devices", String.valueOf(total - split)));
        } else {
            names.add("colocated (" + total + " devices, sync)");
            out.add(SpecVariants.colocatedSync(total));
        }
        return out;
    }

    /** A threshold as plain text, at most four decimals ("0.35", "1.1", "0.3333"). */
    private static String fraction(double v) {
        return java.math.BigDecimal.valueOf(Math.round(v * 1e4) / 1e4).stripTrailingZeros().toPlainString();
    }

    /** {@code n} x 1.25 rounded up to a multiple of {@code unit} (at least one unit more). */
    static int plus25(int n, int unit) {
        int u = Math.max(1, unit);
        int target = (int) Math.ceil(n * 1.25);
        int rounded = (target + u - 1) / u * u;
        return Math.max(rounded, n + u);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? Math.max(1, a) : gcd(b, a % b);
    }

    /** {"steps": S, "rows": [{change, settings, trained_tokens_per_second, gain, step_seconds, bottleneck, ...}]}. */
    public ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("steps", steps);
        double base = rows.get(0).ran() ? rows.get(0).trainedTokensPerSecond() : 0;
        double steadyBase = rows.get(0).steadyTokensPerSecond();
        ArrayNode a = root.putArray("rows");
        for (Row row : rows) {
            ObjectNode o = a.addObject();
            o.put("change", row.change());
            ObjectNode set = o.putObject("settings");
            row.settings().forEach(set::put);
            if (!row.ran()) {
                o.put("note", row.note());
                continue;
            }
            JsonNode s = row.summary();
            double tps = s.path("trained_tokens_per_second").asDouble();
            o.put("trained_tokens_per_second", tps);
            o.put("gain", base > 0 ? tps / base - 1 : 0);
            o.put("steady_trained_tokens_per_second", row.steadyTokensPerSecond());
            o.put("steady_gain", steadyBase > 0 ? row.steadyTokensPerSecond() / steadyBase - 1 : 0);
            o.put("step_seconds", s.path("step_seconds").path("mean").asDouble());
            o.put("staleness_mean", s.path("staleness").path("mean").asDouble());
            JsonNode b = s.path("breakdown").path("bottleneck");
            o.put("bottleneck", b.path("resource").asText());
            o.put("bottleneck_share", b.path("share").asDouble());
            o.put("experiment_id", s.path("experiment_id").asText());
        }
        return root;
    }

    /** The table as text, one line per row. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "what if (in-memory reruns of %d steps each, no evaluation):%n", steps));
        int w = rows.stream().mapToInt(r -> r.change().length()).max().orElse(10);
        double base = rows.get(0).ran() ? rows.get(0).trainedTokensPerSecond() : 0;
        double steadyBase = rows.get(0).steadyTokensPerSecond();
        for (Row row : rows) {
            if (!row.ran()) {
                b.append(String.format(Locale.ROOT, "  %-" + w + "s  %s%n", row.change(), row.note()));
                continue;
            }
            JsonNode s = row.summary();
            double tps = s.path("trained_tokens_per_second").asDouble();
            double steady = row.steadyTokensPerSecond();
            JsonNode bn = s.path("breakdown").path("bottleneck");
            b.append(String.format(Locale.ROOT, "  %-" + w + "s  %10.0f trained tok/s  %+6.1f%%  steady %7.0f %+6.1f%%  "
                    + "step %7.1f s  bound: %s (%.0f%%)%n", row.change(), tps, base > 0 ? 100 * (tps / base - 1) : 0, steady,
                    steadyBase > 0 ? 100 * (steady / steadyBase - 1) : 0, s.path("step_seconds").path("mean").asDouble(),
                    bn.path("resource").asText(), 100 * bn.path("share").asDouble()));
        }
        b.append("  (trained tok/s over the whole run, its pipeline's fill included; steady: over its second half, as plan "
                + "ranks candidates)\n");
        return b.toString();
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(FILE).toFile(), json());
    }
}
