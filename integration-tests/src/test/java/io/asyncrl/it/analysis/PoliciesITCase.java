package io.asyncrl.it.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.compare.Comparison;
import io.asyncrl.jobs.compare.PolicySets;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.Variant;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every policy of {@code compare --policies} on the real broker: all as concurrent experiments of one Flink job,
 * each summary byte-identical to the in-memory pipeline's (under a shuffled delivery order), and every trajectory
 * with exactly one outcome on the metrics topic. One job for all policies keeps it cheap.
 */
class PoliciesITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void shouldRunEveryPolicyOnKafkaAsInMemoryWithOneOutcomePerTrajectory() throws Exception {
        Path spec = Cli.example("tiny-async.yaml");
        List<Variant> variants = PolicySets.variants(new SpecVariants(Files.readString(spec), spec.toString()),
                PolicySets.POLICIES);
        Comparison cmp = Comparison.run(variants, Comparison.Engine.FLINK, RunOptions.defaults(), ProgressListener.NONE)
                .withPolicyMetrics();
        assertEquals(PolicySets.POLICIES.size(), cmp.rows().size());
        for (Comparison.Row row : cmp.rows()) {
            String label = row.variant().label();
            RunResult run = row.run();
            assertEquals(new LocalPipeline(new CatalogParamsResolver(), 7).run(row.variant().spec()), run.summaryJson(), label);
            JsonNode summary = JSON.readTree(run.summaryJson());
            Set<Long> ids = new HashSet<>();
            long pendingOutcomes = 0;
            for (TrajectoryOutcome o : run.trajectories()) {
                assertTrue(ids.add(o.getScored().getTrajectory().getTrajectoryId()), label + ": two outcomes for one id");
                if (!o.getTrained() && !o.getAborted() && o.getStep() < 0) {
                    pendingOutcomes++;
                }
            }
            JsonNode t = summary.get("trajectories");
            long unscored = t.get("pending").asLong() - pendingOutcomes;
            assertEquals(t.get("dispatched").asLong(), ids.size() + t.get("in_flight").asLong() + unscored, label);
            assertEquals(summary.get("steps").asInt(), run.steps().size(), label);
        }
        Path out = tmp.resolve("cmp");
        cmp.write(out, "policies");
        JsonNode json = JSON.readTree(out.resolve("compare.json").toFile());
        assertEquals(PolicySets.POLICIES, json.get("variants").findValuesAsText("label"));
        for (JsonNode v : json.get("variants")) {
            assertTrue(v.get("policy").get("length_bias").size() > 0, v.get("label").asText());
        }
    }
}
