package io.asyncrl.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.SimEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The summary function on Flink's operator test harness. */
class SummaryFunctionTest {
    @Test
    void shouldPublishOneSummaryWhenTheMetricsArriveAgainAfterIt() throws Exception {
        ExperimentSpec spec = TestingSpecs.tiny(AsyncMode.ASYNC, 1, false, 1);
        LocalPipeline local = new LocalPipeline(new CatalogParamsResolver(), -1);
        String expected = local.run(spec);
        List<SimEvent> metrics = local.metrics();
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SummaryFunction()),
                SimEvent::getExperimentId, Types.STRING)) {
            h.open();
            for (SimEvent e : metrics) {
                h.processElement(e, 0);
            }
            assertEquals(List.of(expected), summaries(h.extractOutputValues()));
            assertEquals(1, h.numKeyedStateEntries(), "the summarised mark only");
            // the stages' sinks write at least once: after a recovery the same records may come again
            for (SimEvent e : metrics) {
                h.processElement(e, 0);
            }
            assertEquals(List.of(expected), summaries(h.extractOutputValues()), "no second summary");
            assertEquals(1, h.numKeyedStateEntries());
        }
    }

    private static List<String> summaries(List<SimEvent> out) {
        return out.stream().filter(e -> e.getKind() == EventKind.DATA && e.getPayload() instanceof RunSummary)
                .map(e -> ((RunSummary) e.getPayload()).getJson()).toList();
    }
}
