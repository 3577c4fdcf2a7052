package io.asyncrl.operators.local;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.TestingSpecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;

import io.asyncrl.schemas.AsyncMode;
import org.junit.jupiter.api.Test;

class LocalPipelineTest {
    @Test
    void shouldRunEveryModeToItsSummary() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (AsyncMode mode : AsyncMode.values()) {
            var spec = TestingSpecs.tiny(mode, 2, mode == AsyncMode.ASYNC, 7);
            var p = new LocalPipeline(new CatalogParamsResolver(), -1);
            JsonNode summary = json.readTree(p.run(spec));
            String where = mode + ": " + summary;
            assertEquals(mode.name().toLowerCase(Locale.ROOT).replace('_', '-'), summary.get("mode").asText(), where);
            // The tiny spec: 5 steps, each taking 8 complete groups of 4 answers: 5 x 8 x 4 = 160 trajectories
            // trained or dropped by the staleness bound (sync and one-step-off never drop).
            assertEquals(5, summary.get("steps").asInt(), where);
            JsonNode t = summary.get("trajectories");
            assertEquals(160, t.get("trained").asInt() + t.get("dropped").asInt(), where);
            if (mode != AsyncMode.ASYNC) {
                assertEquals(0, t.get("dropped").asInt(), where);
            }
            // Conservation: what was dispatched was generated or is still generating; what was generated
            // was trained, dropped or is pending.
            assertEquals(t.get("dispatched").asInt(), t.get("generated").asInt() + t.get("in_flight").asInt(), where);
            assertEquals(t.get("generated").asInt(), t.get("trained").asInt() + t.get("dropped").asInt()
                    + t.get("pending").asInt(), where);
            // The bound the mode decides: sync 0, one-step-off 1, async the spec's 2.
            int bound = mode == AsyncMode.SYNC ? 0 : mode == AsyncMode.ONE_STEP_OFF ? 1 : 2;
            assertTrue(summary.get("staleness").get("max").asInt() <= bound, where);
            // Evaluation every 2 steps over 5 steps: after versions 2 and 4.
            assertEquals(2, summary.get("evaluation").get("runs").asInt(), where);
            assertTrue(summary.get("simulated_seconds").asDouble() > 0, where);
            assertTrue(p.deliveries() > 0, where);
        }
    }

    @Test
    void shouldGiveTheSameSummaryWhateverTheDeliveryOrder() {
        var spec = TestingSpecs.tiny(AsyncMode.ASYNC, 2, true, 11);
        String reference = new LocalPipeline(new CatalogParamsResolver(), -1).run(spec);
        for (long seed = 0; seed < 5; seed++) {
            assertEquals(reference, new LocalPipeline(new CatalogParamsResolver(), seed).run(spec));
        }
    }

    @Test
    void shouldHandTheSummaryEachMetricAsItComesNotHoldEveryOneUntilTheEnd() {
        for (AsyncMode mode : AsyncMode.values()) {
            var spec = TestingSpecs.tiny(mode, 2, mode == AsyncMode.ASYNC, 7);
            var p = new LocalPipeline(new CatalogParamsResolver(), -1);
            p.run(spec);
            int metrics = p.metrics().size();
            // one record at a time: what a stage delivery emits to the metrics topic, then the summary takes it
            assertTrue(p.peakSummaryBacklog() * 4 < metrics,
                    mode + ": " + p.peakSummaryBacklog() + " waited at once of " + metrics + " metrics");
        }
    }
}
