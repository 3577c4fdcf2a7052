package io.asyncrl.jobs.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.compare.SpecVariants;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec with verl's fractional staleness threshold: the threshold replaces max_staleness, so plan's candidates run
 * without it and the eta they show is the bound they ran under (it was a label only: "eta 0" trained samples one
 * version old).
 */
class PlanStalenessThresholdTest {
    private static final String SPEC = PlanTestSpecs.spec("threshold", 4, 16, 128, 600, 0.8, 2048,
            "{mode: async, staleness_threshold: 0.5, partial_rollout: true}");

    @TempDir
    Path tmp;

    /** With one update per sync (as here) eta is the bound on a trained sample's staleness. */
    @Test
    void shouldRunEveryCandidateUnderTheBoundItShows() throws Exception {
        Planner.Result r = new Planner(new SpecVariants(SPEC, "threshold.yaml"), 8, 2, 4, 1, 600).search();
        int atZero = 0;
        for (Candidate c : r.simulated()) {
            if (c.colocated) {
                continue;
            }
            assertNull(c.variant.spec().getAsync().getStalenessThreshold(), c.config());
            assertEquals(c.eta, c.variant.spec().getAsync().getMaxStaleness(), c.config());
            assertTrue(c.stalenessMean <= c.eta, c.config() + ": mean staleness " + c.stalenessMean);
            if (c.eta == 0) {
                atZero++;
                assertEquals(0.0, c.stalenessMean, c.config());
            }
        }
        assertTrue(atZero > 0, "some eta-0 candidate was simulated");
    }

    @Test
    void shouldSayTheThresholdWasNotSearched() throws Exception {
        Path spec = Files.writeString(tmp.resolve("threshold.yaml"), SPEC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new PlanRun(spec, 8, 1, 3, 1, 9, false, null).run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("note: the spec's async.staleness_threshold (0.5, "
                + "verl's fractional bound) is not searched: every split candidate runs without it, bounded by the eta "
                + "shown (async.max_staleness)"), out.toString(StandardCharsets.UTF_8));
        assertEquals("", PlanRun.thresholdNote(new SpecVariants(SPEC.replace("staleness_threshold: 0.5, ", ""), "x")));
        assertEquals("note: async.updates_per_sync is 3, so a split candidate's trained samples may be up to 3 x (1 + "
                + "eta) - 1 versions old, not eta (the stale avg column is their mean)\n", PlanRun.thresholdNote(
                new SpecVariants(SPEC.replace("staleness_threshold: 0.5, ", "updates_per_sync: 3, "), "x")));
    }
}
