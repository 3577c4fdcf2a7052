package io.asyncrl.it.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.accuracy.Accuracy;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plan on the tiny spec: a recommendation within the staleness ceiling, a Pareto table, and the count it
 * simulated; with --confirm, the recommendation and the runner-up rerun on Flink + Kafka with the same results.
 */
class PlanITCase {
    private static final Pattern CONFIRMED = Pattern.compile(
            "(?m)^  (recommended|runner-up) +(rollout .+, eta \\d+), (\\d+) steps: Flink (\\d+) trained tokens/s, in-memory "
            + "(\\d+); (.+)$");

    @TempDir
    Path tmp;

    @Test
    void shouldRecommendTheFastestConfigurationWithinTheStalenessCeiling() {
        Cli cli = new Cli();
        int code = cli.run("plan", Cli.example("tiny-async.yaml").toString(), "--devices", "8", "--max-staleness", "2",
                "--steps", "4");
        assertEquals(0, code, cli.stderr());
        String out = cli.stdout();
        Matcher rec = Pattern.compile("recommended: rollout (\\d+) \\(tp (\\d+)\\) \\+ train (\\d+) \\(tp (\\d+)\\), eta (\\d+)")
                .matcher(out);
        assertTrue(rec.find(), out);
        assertEquals(8, Integer.parseInt(rec.group(1)) + Integer.parseInt(rec.group(3)), "uses every device");
        assertTrue(Integer.parseInt(rec.group(5)) <= 2, "within the staleness ceiling");
        assertTrue(out.contains("Pareto front"), out);
        // beside its prediction, how far the simulator was from published runs (validate papers' figures)
        assertTrue(out.contains(Accuracy.lines()), out);
        Matcher sims = Pattern.compile("simulated (\\d+) of (\\d+) candidates in [0-9.]+ s with the in-memory pipeline")
                .matcher(out);
        assertTrue(sims.find(), out);
        assertTrue(Integer.parseInt(sims.group(1)) > 0 && Integer.parseInt(sims.group(1)) <= Integer.parseInt(sims.group(2)));
    }

    @Test
    void shouldConfirmAColocatedRecommendationOnFlink() throws Exception {
        // long answers in batches of 1,024 on 8 devices, on-policy only: running both roles on all 8 beats every split
        Path spec = Files.writeString(tmp.resolve("colocated.yaml"), """
                name: colocated-wins
                seed: 42
                model: qwen2.5-1.5b
                algorithm: {kind: grpo, group_size: 8, prompts_per_step: 128, minibatches: 2, steps: 2}
                workload:
                  prompt_tokens: {dist: fixed, value: 256}
                  response_tokens: {dist: lognormal, median: 6000, sigma: 0.9, max: 27648}
                  reward: {kind: rule, cpu_ms_per_sample: 20, workers: 8}
                cluster:
                  device: h800-sxm
                  placement: disaggregated
                  rollout: {devices: 4, tp: 1}
                  train: {devices: 4, tp: 1}
                async: {mode: async, max_staleness: 2, partial_rollout: true}
                """);
        Cli cli = new Cli();
        int code = cli.run("plan", spec.toString(), "--devices", "8", "--max-staleness", "0", "--steps", "2", "--confirm");
        assertEquals(0, code, cli.stderr() + cli.stdout());
        String stdout = cli.stdout();
        Matcher rec = Pattern.compile("recommended: (colocated 8 \\(rollout tp \\d+, train tp \\d+\\), sync) -> (\\d+) "
                + "trained tokens/s").matcher(stdout);
        assertTrue(rec.find(), stdout);
        Matcher c = Pattern.compile("(?m)^  recommended +(colocated .+, sync), (\\d+) steps: Flink (\\d+) trained tokens/s, "
                + "in-memory (\\d+); (.+)$").matcher(stdout);
        assertTrue(c.find(), stdout);
        assertEquals(rec.group(1), c.group(1));
        assertEquals("24", c.group(2), "the settled run's steps: max(24, 4 x (0 + 1))");
        assertEquals(rec.group(2), c.group(3), "Flink's trained tokens/s is the planner's in-memory figure");
        assertEquals("Flink summary.json identical to the in-memory one (byte for byte)", c.group(5));
        assertTrue(stdout.contains("\nrobustness: "), stdout);
    }

    @Test
    void shouldRefusePlanWithoutDevices() {
        Cli cli = new Cli();
        assertEquals(2, cli.run("plan", Cli.example("tiny-async.yaml").toString()));
        assertTrue(cli.stderr().contains("--devices"), cli.stderr());
    }

    @Test
    void shouldConfirmTheRecommendationOnFlinkWithTheInMemoryResult() throws Exception {
        Cli cli = new Cli();
        Path out = tmp.resolve("plan");
        int code = cli.run("plan", Cli.example("tiny-async.yaml").toString(), "--devices", "8", "--max-staleness", "2",
                "--steps", "3", "--confirm", "--out", out.toString());
        assertEquals(0, code, cli.stderr() + cli.stdout());
        String stdout = cli.stdout();
        Matcher rec = Pattern.compile("recommended: (rollout (\\d+) \\(tp (\\d+)\\) \\+ train (\\d+) \\(tp (\\d+)\\), eta (\\d+)) "
                + "-> (\\d+) trained tokens/s").matcher(stdout);
        assertTrue(rec.find(), stdout);
        // The settled run's steps (max(24, 4 x (eta + 1)) for eta <= 2), not the search's 3 nor the spec file's 4: the
        // confirmation reruns exactly the spec whose figure plan shows.
        assertTrue(stdout.contains("each with exactly the spec whose figure is shown above, over its steps (the settled "
                + "run's; the search ran 3, plan --steps, and the spec file says 4)"), stdout);
        Matcher c = CONFIRMED.matcher(stdout);
        assertTrue(c.find(), stdout);
        assertEquals("recommended", c.group(1));
        assertEquals(rec.group(1), c.group(2), "the recommended configuration is the one confirmed");
        assertEquals("24", c.group(3));
        assertEquals(rec.group(7), c.group(4), "Flink's trained tokens/s is the planner's in-memory figure");
        assertEquals(c.group(5), c.group(4), "Flink's trained tokens/s is the in-memory one printed beside it");
        assertEquals("Flink summary.json identical to the in-memory one (byte for byte)", c.group(6));
        assertTrue(c.find(), "the runner-up is confirmed too: " + stdout);
        assertEquals("runner-up", c.group(1));
        assertNotEquals(rec.group(1), c.group(2), "the runner-up is another configuration");
        assertEquals(c.group(5), c.group(4));
        assertEquals("Flink summary.json identical to the in-memory one (byte for byte)", c.group(6));

        // --out: the plan table, and per confirmed configuration the Flink run of the spec the planner simulated.
        String plan = Files.readString(out.resolve("plan.txt"));
        assertTrue(plan.startsWith("recommended: " + rec.group(1)) && plan.contains("Pareto front")
                && plan.contains("identical to the in-memory one"), plan);
        var planJson = new ObjectMapper().readTree(out.resolve("plan.json").toFile());
        assertEquals(Accuracy.HOURS_MEDIAN_PERCENT, planJson.path("accuracy").path("hours").path("median_abs_error_percent")
                .asInt(-1), planJson.toString());
        assertEquals(Accuracy.SPEEDUP_MEDIAN_PERCENT, planJson.path("accuracy").path("speedups")
                .path("median_abs_error_percent").asInt(-1), planJson.toString());
        Path dir = out.resolve("recommended");
        String yaml = Files.readString(dir.resolve("spec.yaml"));
        String summary = Files.readString(dir.resolve("summary.json"));
        ExperimentSpec spec = SpecLoader.parse(yaml, "spec.yaml",
                new ObjectMapper().readTree(summary).get("experiment_id").asText());
        assertEquals(Integer.parseInt(rec.group(2)), spec.getCluster().getRollout().getDevices());
        assertEquals(Integer.parseInt(rec.group(3)), spec.getCluster().getRollout().getTp());
        assertEquals(Integer.parseInt(rec.group(4)), spec.getCluster().getTrain().getDevices());
        assertEquals(Integer.parseInt(rec.group(5)), spec.getCluster().getTrain().getTp());
        assertEquals(Integer.parseInt(rec.group(6)), spec.getAsync().getMaxStaleness());
        assertEquals(24, spec.getAlgorithm().getSteps(), "the settled run's steps");
        assertEquals(InMemoryRunner.run(spec).summaryJson(), summary);
        for (String f : new String[] {"steps.arrow", "trajectories.arrow"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
            assertTrue(Files.exists(out.resolve("runner-up").resolve(f)), f);
        }
    }
}
