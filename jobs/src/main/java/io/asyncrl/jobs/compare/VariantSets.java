package io.asyncrl.jobs.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The variants {@code compare} and {@code sweep} run.
 *
 * <p>Modes (compare): {@code sync} is the synchronous colocated baseline on all the spec's devices
 * (rollout + train of a disaggregated spec; as verl); {@code sync-disaggregated} is synchronous
 * generation then training on the spec's split (synchronous AReaL); {@code one-step-off} and
 * {@code async} (one variant per staleness bound) run disaggregated on the spec's split, or, for a
 * colocated spec, on 3/4 of its devices for rollout and 1/4 for training. {@code async} keeps the
 * spec's {@code partial_rollout}; the disaggregated variants keep its {@code streaming}, which the
 * colocated {@code sync} baseline cannot have.
 */
public final class VariantSets {
    public static final List<String> MODES = List.of("sync", "sync-disaggregated", "one-step-off", "async");

    private VariantSets() {}

    /** The async variant's bound when neither {@code --staleness} nor the spec gives one (the schema's default). */
    static final int DEFAULT_ETA = 4;

    /**
     * The variants of {@code modes}; {@code staleness} lists the async variants' bounds (eta), or is null for the
     * spec's own: its {@code max_staleness} ({@link #DEFAULT_ETA} if absent), or its fractional
     * {@code staleness_threshold}, kept as it is. Only an async variant keeps a threshold: the other modes fix the
     * staleness, and an eta replaces it.
     */
    public static List<Variant> modes(SpecVariants base, List<String> modes, List<Integer> staleness) {
        ObjectNode tree = base.tree();
        JsonNode cluster = tree.path("cluster");
        boolean colocated = cluster.path("placement").asText().equalsIgnoreCase("colocated");
        int r = cluster.path("rollout").path("devices").asInt();
        int t = cluster.path("train").path("devices").asInt();
        int rtp = cluster.path("rollout").path("tp").asInt(1);
        int total = colocated ? r : r + t;
        int split = colocated ? Math.max(rtp, (total * 3 / 4) / rtp * rtp) : r;
        boolean partial = tree.path("async").path("partial_rollout").asBoolean(false)
                && tree.path("async").path("mode").asText().equalsIgnoreCase("async");
        String streaming = tree.path("async").path("streaming").asBoolean(false) ? "true" : "~";
        JsonNode threshold = tree.path("async").path("staleness_threshold");
        List<Supplier<Variant>> makers = new ArrayList<>();
        for (String mode : modes) {
            switch (mode) {
                case "sync" -> makers.add(() -> base.variant(SpecVariants.colocatedSync(total), "sync"));
                case "sync-disaggregated" -> makers.add(() -> base.variant(
                        settings("disaggregated", split, total - split, "sync", "~", "~", streaming), "sync-disaggregated"));
                case "one-step-off" -> makers.add(() -> base.variant(
                        settings("disaggregated", split, total - split, "one-step-off", "~", "~", streaming), "one-step-off"));
                case "async" -> {
                    if (staleness == null && threshold.isNumber()) {
                        // the spec's own bound is verl's fractional threshold: keep it
                        makers.add(() -> {
                            Map<String, String> m = settings("disaggregated", split, total - split, "async", "~",
                                    String.valueOf(partial), streaming);
                            m.put("async.staleness_threshold", threshold.asText());
                            return base.variant(m, "async-threshold" + threshold.asText());
                        });
                        break;
                    }
                    List<Integer> etas = staleness != null ? staleness
                            : List.of(tree.path("async").path("max_staleness").asInt(DEFAULT_ETA));
                    for (int eta : etas) {
                        makers.add(() -> base.variant(settings("disaggregated", split, total - split, "async",
                                String.valueOf(eta), String.valueOf(partial), streaming), "async-eta" + eta));
                    }
                }
                default -> throw new IllegalArgumentException("unknown mode '" + mode + "'; modes: " + String.join(", ", MODES));
            }
        }
        return SpecVariants.all(makers);
    }

    /**
     * The settings of one variant: placement, the split, mode, staleness bound, partial rollout and streaming
     * ({@code "~"} removes a field from the spec).
     */
    public static Map<String, String> settings(String placement, int rollout, int train, String mode, String staleness,
            String partial, String streaming) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cluster.placement", placement);
        m.put("cluster.rollout.devices", String.valueOf(rollout));
        m.put("cluster.train.devices", String.valueOf(train));
        m.put("async.mode", mode);
        m.put("async.max_staleness", staleness);
        m.put("async.partial_rollout", partial);
        m.put("async.streaming", streaming);
        m.put("async.staleness_threshold", "~");
        return m;
    }

    /**
     * The cross product of {@code axes} (path -> values), first axis slowest. Labels are
     * {@code path=value} joined by spaces, with paths shortened to their last two parts.
     */
    public static List<Variant> sweep(SpecVariants base, LinkedHashMap<String, List<String>> axes) {
        JsonNode threshold = base.tree().path("async").path("staleness_threshold");
        if (axes.containsKey("async.max_staleness") && !axes.containsKey("async.staleness_threshold")
                && threshold.isNumber()) {
            throw new IllegalArgumentException("--set async.max_staleness: the spec's async.staleness_threshold ("
                    + threshold.asText() + ", verl's fractional bound) replaces max_staleness, so every value would run "
                    + "the same; sweep async.staleness_threshold instead, or add --set async.staleness_threshold=null to "
                    + "drop it");
        }
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (var axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Supplier<Variant>> makers = new ArrayList<>();
        for (Map<String, String> c : combos) {
            List<String> parts = new ArrayList<>();
            c.forEach((k, v) -> parts.add(shortPath(k) + "=" + v));
            String label = String.join(" ", parts);
            makers.add(() -> base.variant(c, label));
        }
        return SpecVariants.all(makers);
    }

    static String shortPath(String path) {
        String[] p = path.split("\\.");
        return p.length <= 2 ? path : p[p.length - 2] + "." + p[p.length - 1];
    }
}
