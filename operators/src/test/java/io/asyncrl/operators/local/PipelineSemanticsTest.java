package io.asyncrl.operators.local;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.sim.core.TestingSpecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The simulation's semantics over many seeds and bounds, on the in-memory pipeline (the same stage
 * code the Flink job runs; equality of the two is shown by the integration tests).
 */
class PipelineSemanticsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ParamsResolver resolver = new CatalogParamsResolver();

    private JsonNode run(ExperimentSpec spec, LocalPipeline p) throws Exception {
        return JSON.readTree(p.run(spec));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4, 8})
    void shouldNeverTrainASampleStalerThanTheBound(int eta) throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            for (boolean partial : new boolean[] {false, true}) {
                var p = new LocalPipeline(resolver, -1);
                JsonNode s = run(TestingSpecs.tiny(AsyncMode.ASYNC, eta, partial, seed), p);
                assertTrue(s.get("staleness").get("max").asInt() <= eta,
                        "seed " + seed + " eta " + eta + " partial " + partial + ": " + s.get("staleness"));
                for (SimEvent e : p.metrics()) {
                    if (e.getPayload() instanceof TrajectoryOutcome o && o.getTrained()) {
                        assertTrue(o.getStaleness() <= eta);
                        assertTrue(o.getTokenWeightedStaleness() <= o.getStaleness() + 1e-9,
                                "a token is never older than the version that started its trajectory");
                    }
                }
            }
        }
    }

    @Test
    void shouldTrainOnPolicyInSyncMode() throws Exception {
        for (long seed = 1; seed <= 8; seed++) {
            JsonNode s = run(TestingSpecs.tiny(AsyncMode.SYNC, 0, false, seed), new LocalPipeline(resolver, -1));
            assertEquals(0, s.get("staleness").get("max").asInt());
            assertEquals(0.0, s.get("staleness").get("token_weighted_mean").asDouble());
            assertEquals(0, s.get("trajectories").get("dropped").asInt());
        }
    }

    @Test
    void shouldTrainOneStepOffSamplesExactlyOneVersionOldAfterTheFirstStep() throws Exception {
        for (long seed = 1; seed <= 8; seed++) {
            var p = new LocalPipeline(resolver, -1);
            run(TestingSpecs.tiny(AsyncMode.ONE_STEP_OFF, 1, false, seed), p);
            int trained = 0;
            for (SimEvent e : p.metrics()) {
                if (e.getPayload() instanceof TrajectoryOutcome o && o.getTrained()) {
                    trained++;
                    assertEquals(o.getStep() == 0 ? 0 : 1, o.getStaleness(), "step " + o.getStep());
                }
            }
            assertTrue(trained > 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SYNC", "ONE_STEP_OFF", "ASYNC"})
    void shouldAccountForEveryTrajectory(String mode) throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            AsyncMode m = AsyncMode.valueOf(mode);
            var p = new LocalPipeline(resolver, -1);
            JsonNode t = run(TestingSpecs.tiny(m, m == AsyncMode.ASYNC ? 2 : m == AsyncMode.SYNC ? 0 : 1,
                    m == AsyncMode.ASYNC, seed), p).get("trajectories");
            long generated = t.get("generated").asLong();
            assertEquals(generated, t.get("trained").asLong() + t.get("dropped").asLong() + t.get("pending").asLong());
            assertEquals(t.get("dispatched").asLong(), generated + t.get("in_flight").asLong());
            Set<Long> seen = new HashSet<>();
            int steps = 0;
            for (SimEvent e : p.metrics()) {
                if (e.getPayload() instanceof TrajectoryOutcome o) {
                    assertTrue(seen.add(o.getScored().getTrajectory().getTrajectoryId()), "reported twice");
                } else if (e.getPayload() instanceof StepReport) {
                    steps++;
                }
            }
            assertEquals(generated, seen.size(), "every generated trajectory has exactly one outcome");
            assertEquals(5, steps);
        }
    }

    @Test
    void shouldGiveTheSameSummaryWhateverTheOrderRecordsArriveIn() {
        for (AsyncMode mode : AsyncMode.values()) {
            ExperimentSpec spec = TestingSpecs.tiny(mode, mode == AsyncMode.SYNC ? 0 : 1, false, 5);
            String reference = new LocalPipeline(resolver, -1).run(spec);
            for (long order = 0; order < 6; order++) {
                assertEquals(reference, new LocalPipeline(resolver, order).run(spec), mode + " order " + order);
            }
        }
    }

    @Test
    void shouldIgnoreRecordsDeliveredTwice() {
        for (AsyncMode mode : AsyncMode.values()) {
            ExperimentSpec spec = TestingSpecs.tiny(mode, mode == AsyncMode.SYNC ? 0 : 2, mode == AsyncMode.ASYNC, 4);
            String reference = new LocalPipeline(resolver, -1).run(spec);
            var duplicated = new LocalPipeline(resolver, 3).withDuplicates(17);
            assertEquals(reference, duplicated.run(spec), mode.toString());
            assertTrue(duplicated.deliveries() > 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SYNC", "ONE_STEP_OFF", "ASYNC"})
    void shouldKeepTheBoundAndAccountForEveryTrajectoryWhenStreamingMinibatches(String mode) throws Exception {
        AsyncMode m = AsyncMode.valueOf(mode);
        int eta = m == AsyncMode.ASYNC ? 2 : m == AsyncMode.SYNC ? 0 : 1;
        for (long seed = 1; seed <= 5; seed++) {
            var p = new LocalPipeline(resolver, -1);
            JsonNode s = run(TestingSpecs.tinySplit(m, eta, true, seed), p);
            JsonNode t = s.get("trajectories");
            assertTrue(s.get("staleness").get("max").asInt() <= eta, mode + " seed " + seed);
            assertEquals(t.get("generated").asLong(), t.get("trained").asLong() + t.get("dropped").asLong()
                    + t.get("pending").asLong());
            Set<Long> seen = new HashSet<>();
            int steps = 0;
            for (SimEvent e : p.metrics()) {
                if (e.getPayload() instanceof TrajectoryOutcome o) {
                    assertTrue(seen.add(o.getScored().getTrajectory().getTrajectoryId()), "reported twice");
                    if (m != AsyncMode.ASYNC && o.getTrained()) {
                        // sync and one-step-off stream the step's own prompts only
                        assertEquals(o.getStep(), o.getScored().getTrajectory().getPromptId() / 8);
                    }
                } else if (e.getPayload() instanceof StepReport r) {
                    steps++;
                    assertEquals(32, r.getTrajectories() + r.getDropped(), "a step trains a whole batch of groups");
                }
            }
            assertEquals(t.get("generated").asLong(), seen.size());
            assertEquals(5, steps);
            String reference = new LocalPipeline(resolver, -1).run(TestingSpecs.tinySplit(m, eta, true, seed));
            assertEquals(reference, new LocalPipeline(resolver, seed).run(TestingSpecs.tinySplit(m, eta, true, seed)),
                    "delivery order does not change a streamed run");
        }
    }

    @Test
    void shouldStartTrainingBeforeTheBatchIsCompleteAndFinishSoonerWhenStreaming() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            var streamed = new LocalPipeline(resolver, -1);
            double withStreaming = run(TestingSpecs.tinySplit(AsyncMode.SYNC, 0, true, seed), streamed)
                    .get("simulated_seconds").asDouble();
            double without = run(TestingSpecs.tinySplit(AsyncMode.SYNC, 0, false, seed), new LocalPipeline(resolver, -1))
                    .get("simulated_seconds").asDouble();
            assertTrue(withStreaming < without, "seed " + seed + ": streaming " + withStreaming + " s vs " + without + " s");
            boolean overlapped = false;
            for (SimEvent e : streamed.metrics()) {
                if (e.getPayload() instanceof StepReport r && r.getStartUs() < r.getBatchReadyUs()) {
                    overlapped = true;
                }
            }
            assertTrue(overlapped, "seed " + seed + ": the first minibatch trained while the batch's tail was generating");
        }
    }

    @Test
    void shouldAdvanceSimulatedTimeInStridesOfATrainingStep() {
        var p = new LocalPipeline(resolver, -1);
        p.run(TestingSpecs.tiny(AsyncMode.SYNC, 0, false, 1));
        // Round trips through the feedback topic per training step: at least the version each of the 5
        // steps publishes, bounded by a handful per step, not by tokens.
        assertTrue(p.versionWatermarks() >= 5 && p.versionWatermarks() <= 10L * 5,
                "version watermarks: " + p.versionWatermarks());
        long stepReports = p.metrics().stream().filter(e -> e.getPayload() instanceof StepReport).count();
        assertEquals(5, stepReports, "one report per training step");
    }
}
