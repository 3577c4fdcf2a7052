package io.asyncrl.jobs.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.compare.SpecVariants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AsyncFlow's scaling linearity: large-cluster over small-cluster throughput, over the size factor. */
class ScalingLinearityTest {

    @Test
    void shouldDivideTheThroughputRatioByTheSizeFactor() {
        Published.Linearity l = Published.ASYNCFLOW_LINEARITY.get(0);
        assertEquals(16, l.factor());
        // by hand: 800 / 100 = 8x the throughput on 16x the devices is half of linear
        assertEquals(0.5, ScalingLinearity.simulated(l, Map.of(l.small(), 100.0, l.large(), 800.0)), 1e-12);
        String section = ScalingLinearity.section(Map.of("asyncflow-7b-32.yaml", 100.0, "asyncflow-7b-512.yaml", 800.0,
                "asyncflow-32b-32.yaml", 10.0, "asyncflow-32b-512.yaml", 160.0));
        // 0.5 against 0.65 published is -23%; 160 / 10 / 16 = 1.00 against 0.88 is +14%
        assertTrue(section.contains("  7B, 32 -> 512 NPUs     | published 0.65 | simulated 0.50 |   -23%   (100 -> 800 "
                + "trained tokens/s)\n"), section);
        assertTrue(section.contains("  32B, 32 -> 512 NPUs    | published 0.88 | simulated 1.00 |   +14%"), section);
        assertEquals(List.of("asyncflow-7b-32.yaml", "asyncflow-7b-512.yaml", "asyncflow-32b-32.yaml",
                "asyncflow-32b-512.yaml"), ScalingLinearity.specs());
    }

    @Test
    void shouldSplitTheSmall32bClusterByTheSameRuleAsEveryAsyncFlowRow() throws Exception {
        Path p = PapersDir.find().resolve("asyncflow-32b-32.yaml");
        SpecVariants base = new SpecVariants(Files.readString(p, StandardCharsets.UTF_8), p.toString());
        // shares 0.25 .. 0.75 of 32 in steps of 8: 8+24 and 16+16; 24+8 does not hold the 32B trainer's state
        assertEquals(List.of(8, 16), AsyncFlowSplits.candidates(base).stream()
                .map(v -> v.spec().getCluster().getRollout().getDevices()).toList());
        assertEquals("32B, 32 NPUs", AsyncFlowSplits.label("asyncflow-32b-32.yaml"));
        assertEquals("7B, 256 NPUs", AsyncFlowSplits.label("asyncflow-7b-256.yaml"));
    }
}
