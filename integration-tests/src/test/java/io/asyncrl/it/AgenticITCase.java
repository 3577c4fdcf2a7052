package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.schemas.EnvExecution;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.KvRetention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Multi-turn rollouts and dynamic sampling on the real broker: the Flink+Kafka summary equals the in-memory
 * pipeline's byte for byte, and every trajectory is accounted for (dispatched = generated + in flight;
 * generated = trained + dropped + pending + filtered).
 */
class AgenticITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static String flink(ExperimentSpec spec, String prefix) throws Exception {
        RunOptions options = RunOptions.defaults().withBootstrap(kafka.bootstrapServers()).withParallelism(2)
                .withPartitions(2).withTopicPrefix("agentic-" + prefix + ".");
        return LocalRunner.run(spec, options, ProgressListener.NONE).summaryJson();
    }

    private static void assertConserved(String summary, String where) throws Exception {
        JsonNode t = JSON.readTree(summary).get("trajectories");
        assertEquals(t.get("dispatched").asInt(), t.get("generated").asInt() + t.get("in_flight").asInt(), where);
        assertEquals(t.get("generated").asInt(), t.get("trained").asInt() + t.get("dropped").asInt()
                + t.get("pending").asInt() + t.path("filtered").asInt(), where);
        assertEquals(4 * 8 * 4, t.get("trained").asInt() + t.get("dropped").asInt(), where + ": 4 steps of 8 groups of 4");
    }

    @Test
    void shouldMatchTheInMemoryPipelineForMultiTurnRuns() throws Exception {
        ExperimentSpec keep = Examples.load("agentic/tiny-agentic.yaml", "agentic-keep");
        ExperimentSpec turnSyncDrop = Examples.load("agentic/tiny-agentic.yaml", "agentic-sync-drop");
        turnSyncDrop.getWorkload().getEnvironment().setExecution(EnvExecution.TURN_SYNC);
        turnSyncDrop.getWorkload().getEnvironment().setKvCache(KvRetention.DROP);
        for (ExperimentSpec spec : new ExperimentSpec[] {keep, turnSyncDrop}) {
            String onBroker = flink(spec, spec.getId());
            assertEquals(new LocalPipeline(new CatalogParamsResolver(), 3).run(spec), onBroker, spec.getId());
            assertConserved(onBroker, spec.getId());
            JsonNode env = JSON.readTree(onBroker).get("agentic").get("environment");
            assertTrue(env.get("steps").asInt() > 0 && env.get("utilization").asDouble() > 0, onBroker);
        }
    }

    @Test
    void shouldMatchTheInMemoryPipelineWithDynamicSampling() throws Exception {
        ExperimentSpec spec = Examples.load("agentic/tiny-dapo.yaml", "agentic-dapo");
        String onBroker = flink(spec, "dapo");
        assertEquals(new LocalPipeline(new CatalogParamsResolver(), 5).run(spec), onBroker);
        assertConserved(onBroker, "tiny-dapo");
        assertTrue(JSON.readTree(onBroker).get("dynamic_sampling").get("over_generation_factor").asDouble() > 1, onBroker);
    }
}
