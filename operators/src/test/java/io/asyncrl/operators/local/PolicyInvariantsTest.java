package io.asyncrl.operators.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.PolicySpec;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Surplus;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import io.asyncrl.schemas.WeightUpdate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each policy's defining invariant (docs/policies.md), over several seeds, on the in-memory pipeline. */
class PolicyInvariantsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEEDS = 5;

    /** One run: its summary and every metrics record. */
    private record Run(JsonNode summary, List<TrajectoryOutcome> outcomes, List<StepReport> steps) {
        JsonNode policy() {
            return summary.get("policy");
        }
    }

    private static Run run(ExperimentSpec spec) throws Exception {
        LocalPipeline p = new LocalPipeline(new CatalogParamsResolver(), -1);
        JsonNode s = JSON.readTree(p.run(spec));
        List<TrajectoryOutcome> outcomes = new ArrayList<>();
        List<StepReport> steps = new ArrayList<>();
        for (SimEvent e : p.metrics()) {
            if (e.getPayload() instanceof TrajectoryOutcome o) {
                outcomes.add(o);
            } else if (e.getPayload() instanceof StepReport r) {
                steps.add(r);
            }
        }
        return new Run(s, outcomes, steps);
    }

    static ExperimentSpec spec(AsyncMode mode, int eta, PolicySpec policy, long seed) {
        ExperimentSpec s = TestingSpecs.tiny(mode, eta, false, seed);
        s.setId(s.getId() + "-" + policy.toString().hashCode());
        s.getAsync().setPolicy(policy);
        return s;
    }

    private static PolicySpec weights(WeightUpdate w, boolean recompute) {
        return PolicySpec.newBuilder().setWeightUpdate(w).setRecomputeKv(recompute).build();
    }

    static PolicySpec rounds(double overProvision, Surplus surplus) {
        return PolicySpec.newBuilder().setOverProvision(overProvision).setSurplus(surplus).build();
    }

    private static Set<Integer> versions(Trajectory t) {
        Set<Integer> v = new HashSet<>();
        for (VersionSpan s : t.getSpans()) {
            v.add(s.getVersion());
        }
        return v;
    }

    @Test
    void shouldRecomputeNoTokenAndLetTrajectoriesSpanVersionsWithInFlightUpdates() throws Exception {
        int spanning = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Run r = run(spec(AsyncMode.ASYNC, 2, weights(WeightUpdate.IN_FLIGHT, false), seed));
            assertEquals(0, r.policy().get("recomputed_tokens").asLong(), "seed " + seed);
            assertEquals(0, r.policy().get("thrown_tokens").asLong(), "seed " + seed);
            for (TrajectoryOutcome o : r.outcomes()) {
                if (o.getTrained() && versions(o.getScored().getTrajectory()).size() > 1) {
                    spanning++;
                }
            }
        }
        assertTrue(spanning > 0, "some trained trajectory carries tokens of more than one version");
    }

    @Test
    void shouldRecomputeExactlyTheKvCacheHeldAtEachInFlightUpdate() throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Run r = run(spec(AsyncMode.ASYNC, 2, weights(WeightUpdate.IN_FLIGHT, true), seed));
            long recomputed = r.policy().get("recomputed_tokens").asLong();
            assertTrue(recomputed > 0, "seed " + seed + ": updates found sequences running");
            assertEquals(r.policy().get("kv_tokens_at_updates").asLong(), recomputed, "seed " + seed);
        }
    }

    @Test
    void shouldThrowAwayAbortedTokensAndRegenerateUnderOneVersion() throws Exception {
        long thrown = 0;
        int requeued = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Run r = run(spec(AsyncMode.ASYNC, 2, weights(WeightUpdate.ABORT, false), seed));
            thrown += r.policy().get("thrown_tokens").asLong();
            for (TrajectoryOutcome o : r.outcomes()) {
                Trajectory t = o.getScored().getTrajectory();
                if (o.getTrained()) {
                    assertEquals(Set.of(t.getStartVersion()), versions(t), "an aborted answer restarts from its prompt");
                    requeued += t.getRequeues() > 0 ? 1 : 0;
                }
            }
        }
        assertTrue(thrown > 0 && requeued > 0, "thrown " + thrown + ", requeued " + requeued);
    }

    @Test
    void shouldNeverMixVersionsWhileWaitingForTheDrain() throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Run r = run(spec(AsyncMode.ASYNC, 2, weights(WeightUpdate.WAIT, false), seed));
            assertEquals(0, r.policy().get("thrown_tokens").asLong());
            for (TrajectoryOutcome o : r.outcomes()) {
                assertTrue(versions(o.getScored().getTrajectory()).size() <= 1, "seed " + seed);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void shouldNeverTrainATrajectoryOlderThanTheAgeBound(int age) throws Exception {
        long dropped = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            PolicySpec p = PolicySpec.newBuilder().setWeightUpdate(WeightUpdate.IN_FLIGHT).setMaxTrajectoryAge(age).build();
            Run r = run(spec(AsyncMode.ASYNC, 4, p, seed));
            for (TrajectoryOutcome o : r.outcomes()) {
                if (o.getTrained()) {
                    assertTrue(o.getStep() - o.getScored().getTrajectory().getStartVersion() <= age,
                            "seed " + seed + ": " + o.getScored().getTrajectory().getTrajectoryId());
                }
            }
            dropped += r.summary().get("trajectories").get("dropped").asLong();
            assertEquals(5, r.summary().get("steps").asInt(), "seed " + seed + ": the dropped prompts were replaced");
        }
        assertTrue(dropped > 0, "admission (eta 4) runs ahead of the age bound " + age + ": some groups are dropped");
    }

    @ParameterizedTest
    @EnumSource(Surplus.class)
    void shouldCloseEveryOverProvisionedStepWithExactlyItsBatchAndAccountForTheSurplus(Surplus surplus) throws Exception {
        for (AsyncMode mode : new AsyncMode[] {AsyncMode.SYNC, AsyncMode.ONE_STEP_OFF}) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                Run r = run(spec(mode, mode == AsyncMode.SYNC ? 0 : 1, rounds(0.5, surplus), seed));
                String where = mode + " " + surplus + " seed " + seed;
                int batch = 8 * 4;
                assertEquals(5, r.steps().size(), where);
                Map<Integer, Integer> trainedPerStep = new HashMap<>();
                for (TrajectoryOutcome o : r.outcomes()) {
                    if (o.getTrained()) {
                        trainedPerStep.merge(o.getStep(), 1, Integer::sum);
                        assertEquals(o.getStep(), o.getScored().getTrajectory().getRound(), where);
                    }
                }
                for (StepReport s : r.steps()) {
                    assertEquals(batch, s.getTrajectories() + s.getDropped(), where + " step " + s.getStep());
                    assertEquals(batch, trainedPerStep.get(s.getStep()), where + " step " + s.getStep());
                }
                // every surplus trajectory: aborted, dropped, carried or deferred (and what is left is in flight)
                JsonNode p = r.policy();
                JsonNode t = r.summary().get("trajectories");
                long surplusTotal = p.get("aborted").asLong() + p.get("surplus_dropped").asLong()
                        + p.get("carried").asLong() + p.get("deferred").asLong();
                assertTrue(surplusTotal > 0, where);
                if (surplus == Surplus.ABORT) {
                    assertEquals(t.get("dispatched").asLong(), t.get("trained").asLong() + p.get("aborted").asLong()
                            + p.get("surplus_dropped").asLong() + t.get("in_flight").asLong() + t.get("pending").asLong(), where);
                    assertEquals(0, p.get("carried").asLong() + p.get("deferred").asLong(), where);
                } else {
                    assertEquals(0, p.get("aborted").asLong() + p.get("surplus_dropped").asLong(), where);
                }
            }
        }
    }

    @Test
    void shouldTrainEveryDeferredPromptInALongRound() throws Exception {
        int longRoundsSeen = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            ExperimentSpec s = spec(AsyncMode.SYNC, 0, rounds(0.5, Surplus.DEFER), seed);
            s.getAlgorithm().setSteps(6);
            Run r = run(s);
            Map<Integer, List<Trajectory>> byStep = new HashMap<>();
            Set<Long> deferredTrained = new HashSet<>();
            for (TrajectoryOutcome o : r.outcomes()) {
                if (o.getTrained()) {
                    byStep.computeIfAbsent(o.getStep(), k -> new ArrayList<>()).add(o.getScored().getTrajectory());
                }
            }
            for (List<Trajectory> step : byStep.values()) {
                long deferred = step.stream().filter(t -> t.getRequeues() > 0).count();
                assertTrue(deferred == 0 || deferred == step.size(), "seed " + seed + ": a step is short or long, never mixed");
                if (deferred > 0) {
                    longRoundsSeen++;
                    step.forEach(t -> deferredTrained.add(t.getTrajectoryId()));
                }
            }
            JsonNode p = r.policy();
            assertEquals(p.get("long_rounds").asLong() * 8 * 4, deferredTrained.size(), "seed " + seed);
            // what was deferred and never trained waits for a long round that a run's end cut off: less than one batch
            assertTrue(p.get("deferred").asLong() - deferredTrained.size() < 8 * 4, "seed " + seed);
        }
        assertTrue(longRoundsSeen > 0);
    }

    @Test
    void shouldShowThatAbortingTheSurplusStarvesTheLongestAnswers() throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Run r = run(spec(AsyncMode.SYNC, 0, rounds(0.5, Surplus.ABORT), seed));
            JsonNode table = r.policy().get("length_bias");
            JsonNode shortest = table.get(0);
            JsonNode longest = table.get(table.size() - 1);
            // a round closes on its first P complete groups, so an unfinished answer is a long one
            assertTrue(longest.get("trained_share").asDouble() < shortest.get("trained_share").asDouble(),
                    "seed " + seed + ": " + table);
            assertTrue(longest.get("aborted_share").asDouble() > shortest.get("aborted_share").asDouble(),
                    "seed " + seed + ": " + table);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-flight", "recompute", "abort", "wait", "age", "op-abort", "op-carry", "op-defer"})
    void shouldGiveEveryTrajectoryExactlyOneOutcome(String policy) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            Run r = run(conservationSpec(policy, seed));
            assertConserved(r.summary(), r.outcomes(), policy + " seed " + seed);
        }
    }

    /** The specs the conservation and determinism tests run, one per policy. */
    static ExperimentSpec conservationSpec(String policy, long seed) {
        return switch (policy) {
            case "in-flight" -> spec(AsyncMode.ASYNC, 2, weights(WeightUpdate.IN_FLIGHT, false), seed);
            case "recompute" -> spec(AsyncMode.ASYNC, 2, weights(WeightUpdate.IN_FLIGHT, true), seed);
            case "abort" -> spec(AsyncMode.ASYNC, 2, weights(WeightUpdate.ABORT, false), seed);
            case "wait" -> spec(AsyncMode.ASYNC, 2, weights(WeightUpdate.WAIT, false), seed);
            case "age" -> spec(AsyncMode.ASYNC, 4, PolicySpec.newBuilder().setWeightUpdate(WeightUpdate.IN_FLIGHT)
                    .setMaxTrajectoryAge(1).build(), seed);
            case "op-abort" -> spec(AsyncMode.SYNC, 0, rounds(0.5, Surplus.ABORT), seed);
            case "op-carry" -> spec(AsyncMode.ONE_STEP_OFF, 1, rounds(0.5, Surplus.CARRY), seed);
            case "op-defer" -> spec(AsyncMode.SYNC, 0, rounds(0.5, Surplus.DEFER), seed);
            default -> throw new IllegalArgumentException(policy);
        };
    }

    /**
     * Every dispatched trajectory id has at most one outcome record, and those without one are exactly the ones
     * the run's end found in flight or unscored.
     */
    static void assertConserved(JsonNode summary, List<TrajectoryOutcome> outcomes, String where) {
        Set<Long> ids = new HashSet<>();
        long pendingOutcomes = 0;
        for (TrajectoryOutcome o : outcomes) {
            assertTrue(ids.add(o.getScored().getTrajectory().getTrajectoryId()), where + ": two outcomes for "
                    + o.getScored().getTrajectory().getTrajectoryId());
            if (!o.getTrained() && !o.getAborted() && o.getStep() < 0) {
                pendingOutcomes++;
            }
        }
        JsonNode t = summary.get("trajectories");
        long unscored = t.get("pending").asLong() - pendingOutcomes;
        assertEquals(t.get("dispatched").asLong(), ids.size() + t.get("in_flight").asLong() + unscored, where);
    }
}
