package io.asyncrl.jobs.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.accuracy.Accuracy;
import io.asyncrl.jobs.compare.SpecVariants;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan at several device counts: each row is the search plan makes at that count alone. */
class PlanScalingTest {
    private static final String SPEC = PlanTestSpecs.spec("scaling", 8, 64, 256, 3000, 0.9, 16384, PlanTestSpecs.ASYNC);

    @TempDir
    Path tmp;

    private String run(List<Integer> devices, Path outDir) throws Exception {
        Path spec = tmp.resolve("scaling.yaml");
        Files.writeString(spec, SPEC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, new PlanScaling(spec, devices, 2, 3, 1, 9, outDir).run(new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldGiveEachCountTheRecommendationOfItsOwnSearch() throws Exception {
        Path dir = tmp.resolve("out");
        String text = run(List.of(4, 8), dir);
        int[] counts = {4, 8};
        Planner.Result[] alone = new Planner.Result[counts.length];
        for (int i = 0; i < counts.length; i++) {
            alone[i] = new Planner(new SpecVariants(SPEC, "scaling.yaml"), counts[i], 2, 3, 1, 600).search();
        }
        double first = alone[0].best().simulated / 4;
        JsonNode json = new ObjectMapper().readTree(dir.resolve("plan.json").toFile());
        for (int i = 0; i < counts.length; i++) {
            Candidate best = alone[i].best();
            double per = best.simulated / counts[i];
            String row = String.format(Locale.ROOT, "  %-8d %-" + width(alone) + "s %14.0f %11.0f %17s", counts[i],
                    best.config(), best.simulated, per, String.format(Locale.ROOT, "%.2fx", per / first));
            assertTrue(text.contains(row + "\n"), row + "\n" + text);
            assertTrue(text.contains("\n== " + counts[i] + " devices ==\nrecommended: " + best.config()), text);
            JsonNode r = json.path("scaling").get(i);
            assertEquals(counts[i], r.path("devices").asInt());
            assertEquals(best.simulated, r.path("trained_tokens_per_second").asDouble(), 1e-9);
            assertEquals(per / first, r.path("per_device_vs_first").asDouble(), 1e-12);
            assertEquals(best.rolloutDevices, r.path("recommended").path("rollout_devices").asInt());
            assertEquals(counts[i], json.path("plans").get(i).path("devices").asInt());
        }
        assertTrue(text.startsWith(Files.readString(dir.resolve("plan.txt"))), "plan.txt is what was printed");
        assertTrue(text.contains("(the robustness check, the what-if table and --confirm take one --devices count"), text);
        String accuracy = Accuracy.lines();
        assertEquals(text.indexOf(accuracy), text.lastIndexOf(accuracy), "the accuracy lines once, not per count");
        assertTrue(text.indexOf(accuracy) < text.indexOf("\n== 4 devices =="), "the accuracy lines under the table");
    }

    private static int width(Planner.Result[] rs) {
        int w = 11;
        for (Planner.Result r : rs) {
            w = Math.max(w, r.best().config().length());
        }
        return w;
    }

    @Test
    void shouldRefuseACountTwiceOrBelowTwoBeforeSearching() throws Exception {
        Path spec = Files.writeString(tmp.resolve("s.yaml"), SPEC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals("--devices lists a count twice: [8, 16, 8]; give each count once", assertThrows(
                IllegalArgumentException.class, () -> new PlanScaling(spec, List.of(8, 16, 8), 2, 3, 1, 9, null)
                        .run(ps, ps)).getMessage());
        assertEquals("plan needs --devices N (at least 2), got 1", assertThrows(IllegalArgumentException.class,
                () -> new PlanScaling(spec, List.of(8, 1), 2, 3, 1, 9, null).run(ps, ps)).getMessage());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing planned");
    }
}
