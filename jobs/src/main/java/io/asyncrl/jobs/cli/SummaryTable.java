package io.asyncrl.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/** The summary as a short table for the terminal. */
final class SummaryTable {
    private SummaryTable() {}

    static String render(String summaryJson) throws IOException {
        JsonNode s = new ObjectMapper().readTree(summaryJson);
        StringBuilder sb = new StringBuilder();
        row(sb, "experiment", s.get("experiment").asText() + " (" + s.get("mode").asText() + ")");
        row(sb, "training steps", s.get("steps").asText());
        row(sb, "simulated time", fmt("%.1f s (%.2f h)", s.get("simulated_seconds").asDouble(),
                s.get("simulated_seconds").asDouble() / 3600));
        row(sb, "trained tokens/s", fmt("%.0f", s.get("trained_tokens_per_second").asDouble()));
        row(sb, "samples/s", fmt("%.2f", s.get("samples_per_second").asDouble()));
        JsonNode step = s.get("step_seconds");
        row(sb, "step time", fmt("mean %.1f s, p50 %.1f s, p99 %.1f s", step.get("mean").asDouble(),
                step.get("p50").asDouble(), step.get("p99").asDouble()));
        JsonNode u = s.get("utilization");
        row(sb, "utilization", fmt("rollout %.0f%%, train %.0f%%", 100 * u.get("rollout").asDouble(),
                100 * u.get("train").asDouble()));
        JsonNode env = s.path("agentic").path("environment");
        if (!env.isMissingNode()) {
            row(sb, "environment pool", io.asyncrl.jobs.report.EnvironmentPoolFigures.describe(env));
        }
        JsonNode st = s.get("staleness");
        row(sb, "staleness", fmt("max %d, mean %.2f, token-weighted %.2f", st.get("max").asInt(),
                st.get("mean").asDouble(), st.get("token_weighted_mean").asDouble()));
        JsonNode t = s.get("trajectories");
        row(sb, "trajectories", fmt("generated %d, trained %d, dropped %d, pending %d, in flight %d, interrupted %d",
                t.get("generated").asLong(), t.get("trained").asLong(), t.get("dropped").asLong(),
                t.get("pending").asLong(), t.get("in_flight").asLong(), t.get("interrupted").asLong()));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String key, String value) {
        sb.append(String.format(Locale.ROOT, "  %-18s %s%n", key, value));
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
