package io.asyncrl.jobs.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.jobs.accuracy.Accuracy;
import io.asyncrl.schemas.ExperimentSpec;
import java.util.List;

/** plan.json: the recommendation, its bottleneck, the Pareto front and every simulated candidate, in rank order. */
final class PlanJson {
    static final String FILE = "plan.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() {}

    /** plan.json, with the note a spec on a device of known decode error gets under {@code accuracy} ({@code parsed}). */
    static String of(Planner.Result r, String spec, int devices, int maxStaleness, PlanRobustness robustness,
            ExperimentSpec parsed) throws Exception {
        ObjectNode root = node(r, spec, devices, maxStaleness, robustness);
        Accuracy.deviceJson((ObjectNode) root.get("accuracy"), parsed);
        return JSON.writeValueAsString(root) + "\n";
    }

    /** plan.json of one device count as a tree (robustness null when it was not run). */
    static ObjectNode node(Planner.Result r, String spec, int devices, int maxStaleness, PlanRobustness robustness) {
        ObjectNode root = JSON.createObjectNode();
        root.put("spec", spec);
        root.put("devices", devices);
        root.put("max_staleness", maxStaleness);
        root.put("steps_per_candidate", r.simulatedSteps());
        root.put("settled_count", r.settledCount());
        root.put("tie_rule", "throughputs within " + Math.round(PlanRanking.TIE * 100) + "% tie: the lower staleness "
                + "bound wins, then the fewer devices");
        List<Candidate> ranked = r.simulated();
        if (!ranked.isEmpty()) {
            ObjectNode rec = candidate(root.putObject("recommended"), ranked.get(0));
            PlanBottleneck b = PlanBottleneck.of(ranked.get(0).summaryJson);
            rec.putObject("bottleneck").put("pool", b.pool()).put("rollout_utilization", b.rolloutUtilization())
                    .put("train_utilization", b.trainUtilization()).put("resource", b.resource())
                    .put("critical_path_share", b.share());
        }
        Accuracy.json(root.putObject("accuracy"));
        if (robustness != null) {
            robustness.json(root.putObject("robustness"));
        }
        ArrayNode pareto = root.putArray("pareto");
        r.pareto().forEach(c -> candidate(pareto.addObject(), c));
        ArrayNode all = root.putArray("simulated");
        ranked.forEach(c -> candidate(all.addObject(), c));
        root.put("considered", r.considered());
        root.put("unfit", r.unfit());
        root.put("simulated_count", r.simulatedCount());
        root.put("search_seconds", Math.round(r.seconds() * 10) / 10.0);
        root.put("budget_reached", r.budgetReached());
        return root;
    }

    static String write(ObjectNode root) throws Exception {
        return JSON.writeValueAsString(root) + "\n";
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ObjectNode candidate(ObjectNode n, Candidate c) {
        n.put("placement", c.colocated ? "colocated" : "disaggregated").put("rollout_devices", c.rolloutDevices)
                .put("rollout_tp", c.rolloutTp).put("train_devices", c.trainDevices)
                .put("train_tp", c.trainTp).put("eta", c.eta).put("trained_tokens_per_second", c.simulated)
                .put("bound_tokens_per_second", c.bound).put("step_seconds", c.stepSeconds)
                .put("staleness_mean", c.stalenessMean).put("steps", c.settledSteps > 0 ? c.settledSteps
                        : c.variant.spec().getAlgorithm().getSteps()).put("settled", c.settledSteps > 0);
        return n;
    }
}
