package io.asyncrl.jobs.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * What bounds a simulated configuration: the resource with the largest share of its critical path (the summary's
 * {@code breakdown.bottleneck}), and the busier of the rollout and training pools from its utilization (busy device
 * time over the pool's device time; a rollout instance counts as busy while any sequence runs on it).
 */
record PlanBottleneck(String pool, double rolloutUtilization, double trainUtilization, String resource, double share) {

    static PlanBottleneck of(String summaryJson) {
        try {
            JsonNode summary = new ObjectMapper().readTree(summaryJson);
            JsonNode u = summary.path("utilization");
            double rollout = u.path("rollout").asDouble();
            double train = u.path("train").asDouble();
            JsonNode b = summary.path("breakdown").path("bottleneck");
            return new PlanBottleneck(rollout >= train ? "rollout" : "train", rollout, train, b.path("resource").asText(),
                    b.path("share").asDouble());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String line() {
        String other = pool.equals("rollout") ? "train" : "rollout";
        double busy = pool.equals("rollout") ? rolloutUtilization : trainUtilization;
        double idle = pool.equals("rollout") ? trainUtilization : rolloutUtilization;
        return String.format(Locale.ROOT, "bottleneck: %s (%.0f%% of the critical path); the %s pool busy %.0f%% of its "
                + "device time, %s %.0f%%", resource, 100 * share, pool, 100 * busy, other, 100 * idle);
    }
}
