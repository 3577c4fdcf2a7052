package io.asyncrl.jobs.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Which pool bounds a simulated configuration: the busier of rollout and training, from its summary's
 * utilization (busy device time over the pool's device time; a rollout instance counts as busy while any
 * sequence runs on it).
 */
record PlanBottleneck(String pool, double rolloutUtilization, double trainUtilization) {

    static PlanBottleneck of(String summaryJson) {
        try {
            JsonNode u = new ObjectMapper().readTree(summaryJson).path("utilization");
            double rollout = u.path("rollout").asDouble();
            double train = u.path("train").asDouble();
            return new PlanBottleneck(rollout >= train ? "rollout" : "train", rollout, train);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String line() {
        String other = pool.equals("rollout") ? "train" : "rollout";
        double busy = pool.equals("rollout") ? rolloutUtilization : trainUtilization;
        double idle = pool.equals("rollout") ? trainUtilization : rolloutUtilization;
        return String.format(Locale.ROOT, "bottleneck: the %s pool (busy %.0f%% of its device time; %s %.0f%%)", pool,
                100 * busy, other, 100 * idle);
    }
}
