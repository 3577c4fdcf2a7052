package io.asyncrl.operators.local;

import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.local.LocalPipelineTest;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.TestingSpecs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncrl.schemas.AsyncMode;
import org.junit.jupiter.api.Test;

class LocalPipelineTest {
    @Test
    void shouldRunEveryModeToItsSummary() {
        for (AsyncMode mode : AsyncMode.values()) {
            var spec = TestingSpecs.tiny(mode, 2, mode == AsyncMode.ASYNC, 7);
            var p = new LocalPipeline(new CatalogParamsResolver(), -1);
            String json = p.run(spec);
            System.out.println(mode + " deliveries=" + p.deliveries() + "\n" + json);
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
}
