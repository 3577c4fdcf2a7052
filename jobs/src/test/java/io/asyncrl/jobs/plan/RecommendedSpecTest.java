package io.asyncrl.jobs.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan --out writes its recommendation as a spec that runs what was recommended, at the spec's own length. */
class RecommendedSpecTest {
    private static final String SPEC = PlanTestSpecs.spec("recommend", 8, 32, 256, 2000, 0.9, 8192, PlanTestSpecs.ASYNC)
            .replace("steps: 4}", "steps: 9}") + "evaluation: {every_steps: 3, prompts: 8, response_tokens: 500}\n";

    @TempDir
    Path tmp;

    @Test
    void shouldWriteTheRecommendationWithTheSpecsOwnStepsAndEvaluation() throws Exception {
        Path spec = Files.writeString(tmp.resolve("recommend.yaml"), SPEC);
        Path dir = tmp.resolve("plan");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, new PlanRun(spec, 8, 2, 3, 1, 9, false, dir).run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        Planner.Result alone = new Planner(new SpecVariants(SPEC, spec.toString()), 8, 2, 3, 1, 600).search();
        Candidate best = alone.best();

        Path file = dir.resolve(RecommendedSpec.FILE);
        String text = Files.readString(file);
        assertTrue(text.startsWith("# asyncrl plan's recommendation for " + spec + " on 8 devices: " + best.config()), text);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("run it: ./asyncrl run " + file + " --out DIR"), out.toString());
        ExperimentSpec recommended = SpecLoader.load(file, "exp-recommended");
        ExperimentSpec simulated = best.variant.spec();
        assertEquals(simulated.getCluster(), recommended.getCluster(), "the recommended placement, split and TPs");
        assertEquals(simulated.getAsync(), recommended.getAsync(), "the recommended staleness bound");
        assertEquals(9, recommended.getAlgorithm().getSteps(), "the spec's own steps, not the search's 3 or 24");
        assertEquals(3, recommended.getEvaluation().getEverySteps(), "the spec's evaluation, which the search leaves out");

        // at the steps of its figure (settled: 24) without evaluation, it is the candidate that was simulated: the
        // same figures
        assertEquals(24, best.settledSteps, "settled over max(24, 4 x (2 + 1)) steps");
        var rerun = new SpecVariants(Files.readString(file), file.toString())
                .variant(Map.of("algorithm.steps", "24", "evaluation", "~"), "check");
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(best.summaryJson).path("trained_tokens_per_second").asDouble(),
                json.readTree(InMemoryRunner.run(rerun.spec()).summaryJson()).path("trained_tokens_per_second").asDouble());
    }

    @Test
    void shouldWriteOneSpecPerCountWhenScaling() throws Exception {
        Path spec = Files.writeString(tmp.resolve("recommend.yaml"), SPEC);
        Path dir = tmp.resolve("scaling");
        assertEquals(0, new PlanScaling(spec, List.of(4, 8), 2, 3, 1, 9, dir).run(new PrintStream(new ByteArrayOutputStream(),
                true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        for (int n : new int[] {4, 8}) {
            ExperimentSpec s = SpecLoader.load(dir.resolve(RecommendedSpec.fileFor(n)), "exp-" + n);
            int devices = s.getCluster().getPlacement().toString().equals("COLOCATED") ? s.getCluster().getRollout().getDevices()
                    : s.getCluster().getRollout().getDevices() + s.getCluster().getTrain().getDevices();
            assertEquals(n, devices, "the recommendation at " + n + " devices uses them all");
        }
    }

    /**
     * A spec that includes its hardware block (a calibration) is recommended with the options written out: the include
     * is relative to the spec's folder, which plan's --out folder is not.
     */
    @Test
    void shouldWriteAnIncludedHardwareBlockOutSoTheFileRunsFromItsFolder() throws Exception {
        Path specs = Files.createDirectories(tmp.resolve("specs"));
        Files.writeString(specs.resolve("cluster.yaml"), "hardware:\n  inference.time-scale: 1.4\n  train.time-scale: 1.2\n");
        Path spec = Files.writeString(specs.resolve("recommend.yaml"), SPEC
                + "hardware: {include: cluster.yaml, train.time-scale: 1.3}\n");
        Path dir = tmp.resolve("plan");
        assertEquals(0, new PlanRun(spec, 8, 2, 3, 1, 9, false, dir).run(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        Path file = dir.resolve(RecommendedSpec.FILE);
        String text = Files.readString(file);
        assertTrue(text.contains("\nhardware:\n  inference.time-scale: 1.4\n  train.time-scale: 1.3"), text);
        assertTrue(!text.contains("\n  include:"), text);
        // it reads from its own folder, with the options the spec gave (its own key over the included file's)
        assertEquals(Map.of("inference.time-scale", "1.4", "train.time-scale", "1.3"),
                SpecLoader.load(file, "exp-recommended").getHardware().getOptions());
    }
}
