package io.asyncrl.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.Placement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantSetsTest {
    private static SpecVariants tiny() throws Exception {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("examples"))) {
            p = p.getParent();
        }
        Path spec = p.resolve("examples/tiny-async.yaml");
        return new SpecVariants(Files.readString(spec), spec.toString());
    }

    @Test
    void shouldKeepAStreamingSpecsStreamingExceptInTheColocatedBaseline() throws Exception {
        SpecVariants base = tiny();
        var tree = base.tree();
        SpecVariants.set(tree, "async.streaming", "true");
        SpecVariants streamed = new SpecVariants(tree.toString(), "tiny-async streaming");
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
