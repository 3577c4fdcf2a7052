package io.asyncrl.operators.sim.core;

import io.asyncrl.operators.local.LocalPipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.FrameworkSpec;
import java.util.Map;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * verl's fractional staleness threshold and several updates per weight sync, over seeds and delivery orders, on the
 * in-memory pipeline, with least-queued and round-robin dispatch: no sample starts beyond the admission bound,
 * none trains older than the rule allows, the
 * rollout only ever holds synced versions, and only sync steps pay a weight sync.
 */
class StalenessSemanticsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ParamsResolver resolver = new CatalogParamsResolver();

    /** The tiny async spec (3 rollout + 1 train device, B = 8 prompts x 4 = 32) with the given bounds. */
    private static ExperimentSpec spec(double threshold, int updatesPerSync, boolean partial, long seed) {
        return spec(threshold, updatesPerSync, partial, seed, false);
    }

    /** With {@code roundRobin}, under a framework that dispatches round-robin (each instance admits its own groups). */
    private static ExperimentSpec spec(double threshold, int updatesPerSync, boolean partial, long seed, boolean roundRobin) {
        ExperimentSpec s = TestingSpecs.tiny(AsyncMode.ASYNC, 4, partial, seed);
        s.setId(s.getId() + "-s" + threshold + "-t" + updatesPerSync + (roundRobin ? "-rr" : ""));
        if (roundRobin) {
            s.setFramework(new FrameworkSpec("ideal", Map.of("dispatch", "round-robin")));
        }
        s.getAsync().setStalenessThreshold(threshold < 0 ? null : threshold);
        s.getAsync().setUpdatesPerSync(updatesPerSync);
        return s;
    }

    @ParameterizedTest
    @CsvSource({"0.0,1", "0.25,1", "0.5,1", "1.5,1", "0.1,2", "0.5,3", "-1,2"})
    void shouldNeverStartOrTrainASampleBeyondTheRule(double threshold, int updatesPerSync) throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            for (int variant = 0; variant < 4; variant++) {
                boolean partial = variant % 2 == 1;
                boolean roundRobin = variant >= 2;
                ExperimentSpec spec = spec(threshold, updatesPerSync, partial, seed, roundRobin);
                StalenessRule rule = StalenessRule.of(spec.getAsync(), 32);
                // hand check of the bound: T (1 + s) - 1 batches, rounded up (eta = 4 when no threshold)
                double batches = updatesPerSync * (1 + (threshold < 0 ? 4 : threshold)) - 1;
                assertEquals((int) Math.ceil(batches - 1e-9), rule.maxTrainedStaleness());
                var p = new LocalPipeline(resolver, -1);
                JsonNode summary = JSON.readTree(p.run(spec));
                String where = "s " + threshold + " T " + updatesPerSync + " seed " + seed + " partial " + partial
                        + " round-robin " + roundRobin;
                assertTrue(summary.get("staleness").get("max").asInt() <= rule.maxTrainedStaleness(), where);
                int trained = 0;
                for (SimEvent e : p.metrics()) {
                    if (e.getPayload() instanceof TrajectoryOutcome o) {
                        Trajectory t = o.getScored().getTrajectory();
                        assertTrue(rule.admissible(t.getTrajectoryId(), t.getStartVersion()),
                                where + ": trajectory " + t.getTrajectoryId() + " started at version " + t.getStartVersion());
                        assertEquals(0, t.getStartVersion() % updatesPerSync,
                                where + ": the rollout only ever holds synced versions");
                        if (o.getTrained()) {
                            trained++;
                            assertTrue(o.getStaleness() <= rule.maxTrainedStaleness(), where);
                        }
                    }
                }
                assertTrue(trained > 0, where);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"0.5,1", "0.1,2", "1.0,3"})
    void shouldPayAWeightSyncOnlyEveryUpdatesPerSyncSteps(double threshold, int updatesPerSync) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            var p = new LocalPipeline(resolver, -1);
            ExperimentSpec spec = spec(threshold, updatesPerSync, true, seed);
            p.run(spec);
            int steps = spec.getAlgorithm().getSteps();
            int reports = 0;
            for (SimEvent e : p.metrics()) {
                if (e.getPayload() instanceof StepReport r) {
                    reports++;
                    boolean syncs = (r.getStep() + 1) % updatesPerSync == 0 || r.getStep() + 1 == steps;
                    assertEquals(syncs, r.getSwitchOrSyncSeconds() > 0, "step " + r.getStep());
                    assertEquals(syncs, r.getAvailableUs() > r.getEndUs(), "step " + r.getStep());
                }
            }
            assertEquals(steps, reports);
        }
    }

    @ParameterizedTest
    @CsvSource({"0.5,1", "0.1,2"})
    void shouldGiveTheSameSummaryWhateverTheOrderRecordsArriveIn(double threshold, int updatesPerSync) {
        ExperimentSpec spec = spec(threshold, updatesPerSync, true, 7);
        String reference = new LocalPipeline(resolver, -1).run(spec);
        for (long order = 0; order < 5; order++) {
            assertEquals(reference, new LocalPipeline(resolver, order).run(spec), "order " + order);
        }
    }
}
