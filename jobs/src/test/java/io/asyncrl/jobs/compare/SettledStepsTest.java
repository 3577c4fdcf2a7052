package io.asyncrl.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** compare says when an asynchronous variant ran too few steps for its steady figure to be past its fill. */
class SettledStepsTest {

    private static List<Variant> tinyModes(String steps) throws Exception {
        Path spec = Examples.file("tiny-async.yaml");
        String text = Files.readString(spec).replace(" steps: 4}", " steps: " + steps + "}");
        return VariantSets.modes(new SpecVariants(text, spec.toString()), List.of("sync", "one-step-off", "async"), null);
    }

    private static String note(List<Variant> vs) {
        return SettledSteps.shortRunNote(vs.stream().map(Variant::spec).toList(), vs.stream().map(Variant::label).toList());
    }

    @Test
    void shouldNameTheAsynchronousVariantsShorterThanFourStepsPerVersionOfStaleness() throws Exception {
        // 4 steps: one-step-off (eta 1) needs 8, async at eta 2 needs 12; sync has no fill to drain
        assertEquals("note: one-step-off, async-eta2 ran fewer steps than their pipeline's fill needs (4 x (eta + 1)): "
                + "their steady figures still drain the batches admitted ahead at the start and are too high; set "
                + "algorithm.steps to 12 or more for steady ones (docs/report.md, plan: Settled figures)\n", note(tinyModes("4")));
        // 8 steps: only the async variant
        assertEquals("note: async-eta2 ran fewer steps than its pipeline's fill needs (4 x (eta + 1)): its steady figure "
                + "still drains the batches admitted ahead at the start and is too high; set algorithm.steps to 12 or more "
                + "for steady ones (docs/report.md, plan: Settled figures)\n", note(tinyModes("8")));
        assertEquals("", note(tinyModes("12")));
        assertEquals(24, SettledSteps.of(6, 2));
        assertEquals(36, SettledSteps.of(6, 8));
    }
}
