package io.asyncrl.jobs.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The variants of {@code compare --policies}: one per asynchronous policy of the field, each on the spec's own
 * (disaggregated) cluster and workload, so that only the policy differs (docs/policies.md has each one's source).
 *
 * <p>The async variants admit work with the spec's {@code max_staleness} when its mode is async (else AReaL's
 * default 4, ExperimentSpec.avsc). The age bound is NeMo-RL's documented example value, 1 step. Over-provisioning
 * uses the spec's {@code async.policy.over_provision} when it sets one, else APRIL's example (64 prompts
 * dispatched for 32 needed: 1.0).
 */
public final class PolicySets {
    /** Every policy, in the order compare.json lists them; {@code all} runs them all. */
    public static final List<String> POLICIES = List.of("sync", "one-step-off", "areal", "partial-rollout", "wait",
            "abort", "in-flight", "in-flight-recompute", "age-bound", "over-provision-abort", "over-provision-carry",
            "tail-batching");
    static final int AREAL_DEFAULT_ETA = 4;
    static final int NEMO_RL_EXAMPLE_AGE = 1;
    static final double APRIL_EXAMPLE_OVER_PROVISION = 1.0;

    private PolicySets() {}

    /** The names {@code list} stands for ({@code all} is every policy); an unknown name is refused with the list. */
    public static List<String> names(List<String> list) {
        if (list.size() == 1 && list.get(0).equals("all")) {
            return POLICIES;
        }
        for (String p : list) {
            if (!POLICIES.contains(p)) {
                throw new IllegalArgumentException("unknown policy '" + p + "'; policies: all, " + String.join(", ", POLICIES));
            }
        }
        return list;
    }

    public static List<Variant> variants(SpecVariants base, List<String> names) {
        ObjectNode tree = base.tree();
        if (tree.path("cluster").path("placement").asText().equalsIgnoreCase("colocated")) {
            throw new IllegalArgumentException("compare --policies runs every policy on the spec's rollout and train "
                    + "pools: give a spec with cluster.placement: disaggregated");
        }
        JsonNode async = tree.path("async");
        String eta = String.valueOf(async.path("mode").asText().equalsIgnoreCase("async")
                ? async.path("max_staleness").asInt(AREAL_DEFAULT_ETA) : AREAL_DEFAULT_ETA);
        String op = async.path("policy").path("over_provision").isNumber()
                ? async.path("policy").path("over_provision").asText() : String.valueOf(APRIL_EXAMPLE_OVER_PROVISION);
        List<Supplier<Variant>> makers = new ArrayList<>();
        for (String name : names) {
            Map<String, String> s = switch (name) {
                case "sync" -> settings("sync", "~", "~", "~");
                case "one-step-off" -> settings("one-step-off", "~", "~", "~");
                case "areal" -> settings("async", eta, "~", "~");
                case "partial-rollout" -> settings("async", eta, "true", "~");
                case "wait" -> settings("async", eta, "~", "{weight_update: wait}");
                case "abort" -> settings("async", eta, "~", "{weight_update: abort}");
                case "in-flight" -> settings("async", eta, "~", "{weight_update: in-flight}");
                case "in-flight-recompute" -> settings("async", eta, "~", "{weight_update: in-flight, recompute_kv: true}");
                case "age-bound" -> settings("async", eta, "~", "{weight_update: in-flight, max_trajectory_age: "
                        + NEMO_RL_EXAMPLE_AGE + "}");
                case "over-provision-abort" -> settings("sync", "~", "~", "{over_provision: " + op + ", surplus: abort}");
                case "over-provision-carry" -> settings("sync", "~", "~", "{over_provision: " + op + ", surplus: carry}");
                case "tail-batching" -> settings("sync", "~", "~", "{over_provision: " + op + ", surplus: defer}");
                default -> throw new IllegalArgumentException("unknown policy '" + name + "'");
            };
            makers.add(() -> base.variant(s, name));
        }
        return SpecVariants.all(makers);
    }

    private static Map<String, String> settings(String mode, String staleness, String partial, String policy) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("async.mode", mode);
        m.put("async.max_staleness", staleness);
        m.put("async.partial_rollout", partial);
        m.put("async.streaming", "~");
        m.put("async.staleness_threshold", "~");
        m.put("async.updates_per_sync", "~");
        m.put("async.policy", policy);
        return m;
    }
}
