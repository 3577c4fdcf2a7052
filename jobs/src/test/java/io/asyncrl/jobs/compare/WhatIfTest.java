package io.asyncrl.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.jobs.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WhatIfTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path example;
    private static String text;
    private static WhatIf table;
    /** The example's cluster and async block, and the same as a synchronous colocated run on all 8 devices. */
    private static final String AS_IS = """
                  placement: disaggregated
                  rollout: {devices: 4, tp: 1}
                  train: {devices: 4, tp: 1}
                async: {mode: async, max_staleness: 2, partial_rollout: true}""";
    private static final String COLOCATED = """
                  placement: colocated
                  rollout: {devices: 8, tp: 1}
                  train: {devices: 8, tp: 1}
                async: {mode: sync}""";

    @BeforeAll
    static void runTable() throws Exception {
        example = Examples.file("tiny-async.yaml");
        text = Files.readString(example);
        table = WhatIf.of(new SpecVariants(text, example.toString()));
    }

    /**
     * The example as edited by hand: the row's change, its 4 steps raised to the table's settled 24 (eta 2 + 1: max(24,
     * 4 x 4)), evaluation deleted.
     */
    private static String byHand(String from, String to) {
        assertTrue(text.contains(from), from);
        assertTrue(text.contains(" steps: 4}"), "the example's 4 steps");
        List<String> lines = new ArrayList<>();
        for (String line : text.replace(from, to).replace(" steps: 4}", " steps: 24}").split("\n")) {
            if (!line.startsWith("evaluation:")) {
                lines.add(line);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** The summary without what names the run (its name and id differ from a spec edited by hand). */
    private static JsonNode figures(String summaryJson) throws Exception {
        ObjectNode s = (ObjectNode) JSON.readTree(summaryJson);
        s.remove("experiment");
        s.remove("experiment_id");
        ((ObjectNode) s.get("spec")).remove("name");
        return s;
    }

    private static void assertRowReproduced(int row, String from, String to) throws Exception {
        String yaml = byHand(from, to);
        var spec = SpecLoader.parse(yaml, "by hand", "exp-by-hand", example.getParent());
        assertEquals(figures(InMemoryRunner.run(spec).summaryJson()), figures(table.rows().get(row).summaryJson()),
                table.rows().get(row).change());
    }

    @Test
    void shouldReproduceTheMoreRolloutDevicesRowByEditingTheSpecByHand() throws Exception {
        // 4 rollout devices x 1.25 = 5
        assertEquals("+25% rollout devices (4 -> 5)", table.rows().get(1).change());
        assertRowReproduced(1, "rollout: {devices: 4, tp: 1}", "rollout: {devices: 5, tp: 1}");
    }

    @Test
    void shouldReproduceTheStalenessAndPlacementRowsByEditingTheSpecByHand() throws Exception {
        assertEquals("staleness +1 (eta 2 -> 3)", table.rows().get(3).change());
        assertRowReproduced(3, "max_staleness: 2", "max_staleness: 3");
        // colocated on all 4 + 4 devices, synchronous (colocated runs only sync)
        assertEquals("colocated (8 devices, sync)", table.rows().get(4).change());
        assertRowReproduced(4, AS_IS, COLOCATED);
    }

    @Test
    void shouldAddTheColocatedRunAtItsFastestRolloutTpWhenItBeatsTheSpecsTp() throws Exception {
        String colocatedAt = """
                  placement: colocated
                  rollout: {devices: 8, tp: %d}
                  train: {devices: 8, tp: 1}
                async: {mode: sync}""";
        String asIs = AS_IS;
        // tried: 1 (the spec's, row 4), 2 and 4; 8 does not divide Qwen2.5-1.5B's 12 heads
        assertEquals("colocated (8 devices, sync, rollout tp 4: fastest of 1, 2, 4)", table.rows().get(5).change());
        assertRowReproduced(5, asIs, String.format(colocatedAt, 4));
        // then the framework mechanics' rows: here only the trainer's log-prob recompute (no colocated switch, and a
        // dedicated engine runs CUDA graphs)
        assertEquals(7, table.rows().size());
        assertEquals("old log-probs from the rollout engine (train.logprob-recompute -> false)",
                table.rows().get(6).change());
        double at4 = table.rows().get(5).trainedTokensPerSecond();
        assertTrue(at4 > 1.02 * table.rows().get(4).trainedTokensPerSecond(), "more than 2% faster than at tp 1");
        var at2 = SpecLoader.parse(byHand(asIs, String.format(colocatedAt, 2)), "by hand", "exp-by-hand", example.getParent());
        double tps2 = JSON.readTree(InMemoryRunner.run(at2).summaryJson()).path("trained_tokens_per_second").asDouble();
        assertTrue(at4 >= tps2, "tp 4 is the fastest: " + at4 + " against " + tps2 + " at tp 2");
    }

    @Test
    void shouldCompareEveryRowWithTheSpecRerunAsItIs() throws Exception {
        assertRowReproduced(0, "name: tiny-async", "name: tiny-async");
        JsonNode json = table.json();
        assertEquals(24, json.path("steps").asInt(), "settled past the fill of eta 2 + 1: max(24, 4 x (3 + 1))");
        double base = json.path("rows").get(0).path("trained_tokens_per_second").asDouble();
        for (JsonNode row : json.path("rows")) {
            double tps = row.path("trained_tokens_per_second").asDouble();
            assertEquals(tps / base - 1, row.path("gain").asDouble(), 1e-12, row.path("change").asText());
            assertFalse(row.path("bottleneck").asText().isEmpty());
        }
        assertTrue(table.table().contains("+25% training devices (4 -> 5)"), table.table());
    }

    @Test
    void shouldGiveEachRowsThroughputOverTheSecondHalfOfItsStepsAsPlanRanksCandidates() throws Exception {
        // the staleness row, by hand: of 24 steps the second half starts at the end of step 13, so the tokens of steps
        // 14 to 24 over the time from the end of step 13 to the end of step 24
        String yaml = byHand("max_staleness: 2", "max_staleness: 3");
        var steps = InMemoryRunner.run(SpecLoader.parse(yaml, "by hand", "exp-by-hand", example.getParent())).steps();
        assertEquals(24, steps.size());
        long tokens = 0;
        for (int i = 13; i < 24; i++) {
            tokens += steps.get(i).getTokens();
        }
        double byHand = tokens / ((steps.get(23).getEndUs() - steps.get(12).getEndUs()) / 1e6);
        assertEquals(byHand, table.rows().get(3).steadyTokensPerSecond(), 1e-9);
        JsonNode json = table.json().path("rows");
        assertEquals(byHand, json.get(3).path("steady_trained_tokens_per_second").asDouble(), 1e-9);
        double steadyBase = json.get(0).path("steady_trained_tokens_per_second").asDouble();
        assertEquals(byHand / steadyBase - 1, json.get(3).path("steady_gain").asDouble(), 1e-12);
        assertTrue(table.table().contains(String.format(java.util.Locale.ROOT, "steady %7.0f %+6.1f%%", byHand,
                100 * (byHand / steadyBase - 1))), table.table());
    }

    @Test
    void shouldRaiseAFractionalThresholdByOneBatchPerSyncNotTheEtaItReplaces() throws Exception {
        // verl's threshold replaces max_staleness: the row used to raise an eta the run ignores, and equalled "as is"
        String withThreshold = text.replace("max_staleness: 2,", "staleness_threshold: 0.1, updates_per_sync: 4,");
        WhatIf t = WhatIf.of(new SpecVariants(withThreshold, example.toString()));
        // one more batch in flight per sync of 4 updates: 0.1 + 1/4
        assertEquals("staleness +1 (threshold 0.1 -> 0.35)", t.rows().get(3).change());
        // settled past the fill of the spec's bound + 1 (threshold 0.1 at 4 updates a sync: 4 versions, so max(24, 4 x 6))
        assertEquals(24, t.json().path("steps").asInt());
        String yaml = String.join("\n", withThreshold.replace("staleness_threshold: 0.1,", "staleness_threshold: 0.35,")
                .replace(" steps: 4}", " steps: 24}").lines().filter(l -> !l.startsWith("evaluation:")).toList()) + "\n";
        var spec = SpecLoader.parse(yaml, "by hand", "exp-by-hand", example.getParent());
        assertEquals(figures(InMemoryRunner.run(spec).summaryJson()), figures(t.rows().get(3).summaryJson()));
        assertEquals(0.35, JSON.readTree(t.rows().get(3).summaryJson()).path("spec").path("async")
                .path("staleness_threshold").asDouble(), 1e-12);
    }

    @Test
    void shouldPriceEachCostlyFrameworkMechanicsCheaperChoiceThroughItsHardwareOption() throws Exception {
        // the log-prob row of the disaggregated example, by hand: the option written into a hardware block
        assertRowReproduced(6, "evaluation:", "hardware: {train.logprob-recompute: false}\nevaluation:");
        // a colocated synchronous spec with the model's defaults: eager engine, recompute, offload at each switch
        String colocated = byHand(AS_IS, COLOCATED);
        List<String> names = new ArrayList<>();
        List<java.util.Map<String, String>> out = new ArrayList<>();
        WhatIfKnobs.add(SpecLoader.parse(colocated, "by hand", "exp-by-hand", example.getParent()), names, out);
        assertEquals(List.of("CUDA graphs in the rollout engine (inference.colocated-eager -> false)",
                "old log-probs from the rollout engine (train.logprob-recompute -> false)",
                "no offload at the switch (train.param-offload, train.optimizer-offload -> false)"), names);
        assertEquals(java.util.Map.of("hardware.train.param-offload", "false", "hardware.train.optimizer-offload", "false"),
                out.get(2));
        // AReaL syncs weights through disk: the NCCL row, run by WhatIf as the same spec with the option written by hand
        String areal = text.replace("evaluation:", "framework: areal\nevaluation:");
        WhatIf arealTable = WhatIf.of(new SpecVariants(areal, example.toString()));
        WhatIf.Row nccl = arealTable.rows().get(arealTable.rows().size() - 1);
        assertEquals("weights synced by NCCL broadcast, not through disk (sync.mechanism disk -> nccl)", nccl.change());
        String ncclByHand = String.join("\n", areal.replace("evaluation:", "hardware: {sync.mechanism: nccl}\nevaluation:")
                .replace(" steps: 4}", " steps: 24}").lines().filter(l -> !l.startsWith("evaluation:")).toList()) + "\n";
        assertEquals(figures(InMemoryRunner.run(SpecLoader.parse(ncclByHand, "by hand", "exp-by-hand", example.getParent()))
                .summaryJson()), figures(nccl.summaryJson()));
        // a framework that already makes the cheap choices gets none: verl with CUDA graphs, the engine's log-probs and
        // no offload (its profile's default), on the split
        names.clear();
        WhatIfKnobs.add(SpecLoader.parse(text.replace("evaluation:", "framework: {name: verl, logprob_source: rollout, "
                + "rollout_eager: false}\nevaluation:"), "by hand", "exp-by-hand", example.getParent()), names, out);
        assertEquals(List.of(), names);
    }

    @Test
    void shouldRoundGrownPoolsUpToWholeInstances() {
        // 48 x 1.25 = 60 (a multiple of tp 2); 16 x 1.25 = 20 -> 24 at tp 8; 3 x 1.25 = 3.75 -> 4; 1 -> 2 (one more unit)
        assertEquals(60, WhatIf.plus25(48, 2));
        assertEquals(24, WhatIf.plus25(16, 8));
        assertEquals(4, WhatIf.plus25(3, 1));
        assertEquals(2, WhatIf.plus25(1, 1));
    }
}
