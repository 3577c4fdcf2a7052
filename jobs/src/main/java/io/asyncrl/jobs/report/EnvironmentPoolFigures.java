package io.asyncrl.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The environment pool's figures of a multi-turn run (summary.json's {@code agentic.environment}), for the
 * console tables, compare.json and report.html. Runs without turns have none and show nothing new.
 */
public final class EnvironmentPoolFigures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnvironmentPoolFigures() {}

    /** {@code agentic.environment} of the summary, or null for a single-turn run. */
    public static JsonNode of(String summaryJson) {
        try {
            JsonNode env = JSON.readTree(summaryJson).path("agentic").path("environment");
            return env.isMissingNode() ? null : env;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line: utilization of a bounded pool (or the mean busy workers of an unbounded one), steps and waits. */
    public static String describe(JsonNode env) {
        long workers = env.path("workers").asLong();
        String use = workers > 0
                ? String.format(Locale.ROOT, "utilization %.0f%% of %d workers", 100 * env.path("utilization").asDouble(), workers)
                : String.format(Locale.ROOT, "%.1f workers busy on average (unbounded pool)", env.path("mean_busy_workers").asDouble());
        return String.format(Locale.ROOT, "%s, %d steps, mean wait for a worker %.2f s", use, env.path("steps").asLong(),
                env.path("mean_wait_seconds").asDouble());
    }
}
