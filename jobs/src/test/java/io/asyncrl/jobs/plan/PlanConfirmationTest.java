package io.asyncrl.jobs.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How plan --confirm reports a Flink summary that is not byte-identical to the in-memory one. */
class PlanConfirmationTest {
    @Test
    void shouldFindNothingBetweenIdenticalSummaries() {
        String s = "{\"steps\": 4, \"staleness\": {\"mean\": 1.5}}";
        assertEquals(List.of(), PlanConfirmation.differences(s, s));
    }

    @Test
    void shouldNameEveryDifferingFieldWithBothValues() {
        String inMemory = "{\"steps\": 4, \"staleness\": {\"mean\": 1.5, \"max\": 3}, \"hist\": [1, 2], \"seed\": 42}";
        String flink = "{\"steps\": 4, \"staleness\": {\"mean\": 1.25, \"max\": 3}, \"hist\": [1, 3], \"extra\": true}";
        assertEquals(List.of(
                "staleness.mean: in-memory 1.5, Flink 1.25",
                "hist[1]: in-memory 2, Flink 3",
                "seed: in-memory 42, missing on Flink",
                "extra: missing in-memory, Flink true"), PlanConfirmation.differences(inMemory, flink));
    }

    @Test
    void shouldReportSameValuesInDifferentBytesAtTheFirstDifferingCharacter() {
        List<String> d = PlanConfirmation.differences("{\"a\": 1, \"b\": 2}", "{\"a\": 1,  \"b\": 2}");
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).startsWith("the texts differ from character 9: "), d.get(0));
    }
}
