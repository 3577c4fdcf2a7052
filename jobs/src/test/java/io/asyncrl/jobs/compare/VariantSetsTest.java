package io.asyncrl.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.spec.SpecException;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.Placement;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantSetsTest {
    private static SpecVariants tiny() throws Exception {
        return Examples.variants("tiny-async.yaml");
    }

    @Test
    void shouldKeepAStreamingSpecsStreamingExceptInTheColocatedBaseline() throws Exception {
        SpecVariants base = tiny();
        SpecVariants streamed = base.withSetting("async.streaming", "true");
        List<Variant> vs = VariantSets.modes(streamed, List.of("sync", "sync-disaggregated", "async"), List.of(2));
        assertEquals(false, vs.get(0).spec().getAsync().getStreaming(), "colocated sync cannot stream");
        assertEquals(true, vs.get(1).spec().getAsync().getStreaming());
        assertEquals(true, vs.get(2).spec().getAsync().getStreaming());
        assertEquals(false, VariantSets.modes(base, List.of("async"), List.of(2)).get(0).spec().getAsync().getStreaming());
    }

    @Test
    void shouldMakeSyncTheColocatedBaselineOnAllDevices() throws Exception {
        List<Variant> vs = VariantSets.modes(tiny(), List.of("sync", "one-step-off", "async"), List.of(0, 4));
        assertEquals(List.of("sync", "one-step-off", "async-eta0", "async-eta4"), vs.stream().map(Variant::label).toList());
        var sync = vs.get(0).spec();
        assertEquals(Placement.COLOCATED, sync.getCluster().getPlacement());
        assertEquals(8, sync.getCluster().getRollout().getDevices());
        assertEquals(AsyncMode.SYNC, sync.getAsync().getMode());
        assertEquals(0, sync.getAsync().getMaxStaleness());
        assertEquals(4, vs.get(3).spec().getAsync().getMaxStaleness());
        assertTrue(vs.get(3).spec().getAsync().getPartialRollout());
        assertEquals(0, Comparison.baselineIndex(vs));
    }

    @Test
    void shouldRunEveryModeOfASpecWithVerlsFractionalThreshold() throws Exception {
        // examples/qwen2.5-7b-grpo-fully-async-verl.yaml's async block on the tiny spec: compare refused its sync and
        // one-step-off variants (a threshold and updates per sync kept where they cannot be)
        SpecVariants base = tiny();
        SpecVariants verl = base.withSetting("async",
                "{mode: async, staleness_threshold: 0.1, updates_per_sync: 2, partial_rollout: true}");
        List<Variant> vs = VariantSets.modes(verl, VariantSets.MODES, null);
        assertEquals(List.of("sync", "sync-disaggregated", "one-step-off", "async-threshold0.1"),
                vs.stream().map(Variant::label).toList());
        var sync = vs.get(0).spec().getAsync();
        assertEquals(null, sync.getStalenessThreshold());
        assertEquals(1, sync.getUpdatesPerSync(), "a colocated engine syncs at every switch");
        for (Variant v : vs.subList(1, 3)) {
            assertEquals(null, v.spec().getAsync().getStalenessThreshold(), v.label());
            assertEquals(2, v.spec().getAsync().getUpdatesPerSync(), v.label() + ": the split keeps its sync period");
        }
        // without --staleness the async variant is the spec's own bound ...
        assertEquals(0.1, vs.get(3).spec().getAsync().getStalenessThreshold());
        assertEquals(2, vs.get(3).spec().getAsync().getUpdatesPerSync());
        // ... and with it, each eta runs in place of the threshold (which would otherwise replace it)
        List<Variant> etas = VariantSets.modes(verl, List.of("async"), List.of(1, 3));
        assertEquals(List.of("async-eta1", "async-eta3"), etas.stream().map(Variant::label).toList());
        for (int i = 0; i < 2; i++) {
            assertEquals(null, etas.get(i).spec().getAsync().getStalenessThreshold());
            assertEquals(i == 0 ? 1 : 3, etas.get(i).spec().getAsync().getMaxStaleness());
        }
        // sweeping the eta a threshold replaces would run one configuration under several labels
        LinkedHashMap<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("async.max_staleness", List.of("1", "3"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VariantSets.sweep(verl, axes));
        assertEquals("--set async.max_staleness: the spec's async.staleness_threshold (0.1, verl's fractional bound) "
                + "replaces max_staleness, so every value would run the same; sweep async.staleness_threshold instead, "
                + "or add --set async.staleness_threshold=null to drop it", e.getMessage());
        axes.put("async.staleness_threshold", List.of("~"));
        assertEquals(List.of(1, 3), VariantSets.sweep(verl, axes).stream().map(v -> v.spec().getAsync().getMaxStaleness())
                .toList());
        // a spec without a threshold and no --staleness: its max_staleness, as before
        assertEquals(List.of("async-eta2"), VariantSets.modes(base, List.of("async"), null).stream().map(Variant::label)
                .toList());
    }

    @Test
    void shouldRemoveAFieldSetToNullAndRefuseTheHomeFolderAShellPutInPlaceOfATilde() throws Exception {
        SpecVariants base = tiny();
        LinkedHashMap<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("evaluation", List.of("null"));
        assertEquals(0, VariantSets.sweep(base, axes).get(0).spec().getEvaluation().getEverySteps(),
                "evaluation removed: its default, off");
        axes.put("evaluation", List.of("~"));
        assertEquals(0, VariantSets.sweep(base, axes).get(0).spec().getEvaluation().getEverySteps());
        // bash turns an unquoted --set evaluation=~ into --set evaluation=$HOME
        String home = System.getProperty("user.home");
        axes.put("evaluation", List.of(home));
        SpecException e = assertThrows(SpecException.class, () -> VariantSets.sweep(base, axes));
        assertTrue(e.getMessage().contains("evaluation: " + home + " is your home folder, which the shell put in place "
                + "of an unquoted ~; to remove the field write evaluation=null (or quote the tilde: 'evaluation=~')"),
                e.getMessage());
    }

    @Test
    void shouldGiveDistinctDeterministicIds() throws Exception {
        List<Variant> a = VariantSets.modes(tiny(), List.of("sync", "async"), List.of(1, 2));
        List<Variant> b = VariantSets.modes(tiny(), List.of("sync", "async"), List.of(1, 2));
        assertEquals(a.stream().map(v -> v.spec().getId()).toList(), b.stream().map(v -> v.spec().getId()).toList());
        assertEquals(3, a.stream().map(v -> v.spec().getId()).distinct().count());
        assertNotEquals(a.get(1).spec().getId(), a.get(2).spec().getId());
    }

    @Test
    void shouldSweepTheCrossProductAndRefuseInvalidVariantsByField() throws Exception {
        LinkedHashMap<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("cluster.rollout.devices", List.of("2", "4"));
        axes.put("async.max_staleness", List.of("1", "3"));
        List<Variant> vs = VariantSets.sweep(tiny(), axes);
        assertEquals(4, vs.size());
        assertEquals("rollout.devices=4 async.max_staleness=3", vs.get(3).label());
        assertEquals(3, vs.get(3).spec().getAsync().getMaxStaleness());
        axes.put("cluster.rollout.tp", List.of("3"));
        var e = assertThrows(SpecVariants.VariantsRefused.class, () -> VariantSets.sweep(tiny(), axes));
        assertTrue(e.getMessage().contains("cluster.rollout.devices"), e.getMessage());
    }
}
