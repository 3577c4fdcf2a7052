package io.asyncrl.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.Surplus;
import io.asyncrl.schemas.WeightUpdate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicySetsTest {
    private static SpecVariants example(String name) throws Exception {
        return Examples.variants(name);
    }

    @Test
    void shouldMakeOneValidVariantPerPolicyDifferingOnlyInItsAsyncSettings() throws Exception {
        List<Variant> vs = PolicySets.variants(example("tiny-async.yaml"), PolicySets.names(List.of("all")));
        assertEquals(PolicySets.POLICIES, vs.stream().map(Variant::label).toList());
        for (Variant v : vs) {
            assertEquals(4, v.spec().getCluster().getRollout().getDevices(), v.label());
            assertEquals(4, v.spec().getAlgorithm().getSteps(), v.label());
        }
        Variant abort = vs.get(PolicySets.POLICIES.indexOf("abort"));
        assertEquals(AsyncMode.ASYNC, abort.spec().getAsync().getMode());
        assertEquals(2, abort.spec().getAsync().getMaxStaleness(), "the spec's own bound (tiny-async: 2)");
        assertEquals(WeightUpdate.ABORT, abort.spec().getAsync().getPolicy().getWeightUpdate());
        assertEquals(false, abort.spec().getAsync().getPartialRollout(), "the spec's partial rollout is removed");
        Variant tail = vs.get(PolicySets.POLICIES.indexOf("tail-batching"));
        assertEquals(AsyncMode.SYNC, tail.spec().getAsync().getMode());
        assertEquals(Surplus.DEFER, tail.spec().getAsync().getPolicy().getSurplus());
        assertEquals(1.0, tail.spec().getAsync().getPolicy().getOverProvision(), "APRIL's example 64 / 32 - 1");
        assertNull(vs.get(0).spec().getAsync().getPolicy(), "sync has no policy");
    }

    @Test
    void shouldRefuseAnUnknownPolicyNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicySets.names(List.of("sync", "in-flihgt")));
        assertTrue(e.getMessage().contains("unknown policy 'in-flihgt'") && e.getMessage().contains("in-flight"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAColocatedSpec() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicySets.variants(example("qwen2.5-7b-grpo-sync.yaml"), List.of("sync")));
        assertTrue(e.getMessage().contains("disaggregated"), e.getMessage());
    }

    @Test
    void shouldTakeWeightedPercentilesByNearestRank() {
        List<double[]> pairs = new ArrayList<>();
        // values 0, 1, 2 with weights 1, 2, 7: cumulative 1, 3, 10
        pairs.add(new double[] {2, 7});
        pairs.add(new double[] {0, 1});
        pairs.add(new double[] {1, 2});
        // p50: ceil(0.5 x 10) = 5 -> the first value reaching 5 is 2; p20: ceil(2) = 2 -> 1; p10: ceil(1) = 1 -> 0
        assertEquals(2.0, PolicyMetrics.weightedPercentile(pairs, 0.50));
        assertEquals(1.0, PolicyMetrics.weightedPercentile(pairs, 0.20));
        assertEquals(0.0, PolicyMetrics.weightedPercentile(pairs, 0.10));
        assertEquals(0.0, PolicyMetrics.weightedPercentile(List.of(), 0.99));
    }
}
