package io.asyncrl.operators.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.operators.flink.StageStateSerializer;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.operators.stage.BatchingOutput;
import io.asyncrl.operators.stage.StageState;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Batches change how records travel, never what the stages do with them: the same summary, with the
 * byte cap cutting batches anywhere, in any delivery order, with batches delivered twice and with
 * state restored mid-run (a replayed batch is dropped item by item).
 */
class BatchedPipelineTest {
    private final ParamsResolver resolver = new CatalogParamsResolver();
    /** 1 byte sends every record alone; 300 about two trajectories a batch; then the default. */
    private static final int[] CAPS = {1, 300, 4096, BatchingOutput.DEFAULT_MAX_BYTES};

    private static List<ExperimentSpec> specs() {
        return List.of(TestingSpecs.tiny(AsyncMode.SYNC, 0, false, 3), TestingSpecs.tiny(AsyncMode.ONE_STEP_OFF, 1, false, 4),
                TestingSpecs.tiny(AsyncMode.ASYNC, 2, true, 5), TestingSpecs.tinySplit(AsyncMode.ASYNC, 2, true, 6));
    }

    @Test
    void shouldGiveTheUnbatchedSummaryWhateverTheCapAndDeliveryOrder() {
        for (ExperimentSpec spec : specs()) {
            String reference = new LocalPipeline(resolver, -1).run(spec);
            for (int i = 0; i < CAPS.length; i++) {
                assertEquals(reference, new LocalPipeline(resolver, i - 1).withBatches(CAPS[i]).run(spec),
                        spec.getId() + " cap " + CAPS[i]);
            }
        }
    }

    @Test
    void shouldDeliverFewerRecordsCarryingTheSameMetrics() {
        ExperimentSpec spec = TestingSpecs.tiny(AsyncMode.ASYNC, 2, false, 7);
        LocalPipeline plain = new LocalPipeline(resolver, -1);
        LocalPipeline batched = new LocalPipeline(resolver, -1).withBatches(BatchingOutput.DEFAULT_MAX_BYTES);
        assertEquals(plain.run(spec), batched.run(spec));
        assertTrue(batched.deliveries() * 2 < plain.deliveries(),
                batched.deliveries() + " deliveries batched, " + plain.deliveries() + " not");
        assertEquals(plain.metrics().stream().map(SimEvent::toString).sorted().toList(),
                batched.metrics().stream().map(SimEvent::toString).sorted().toList(),
                "the metrics topic's records, unpacked, are the same records");
        assertEquals(plain.evalResults().stream().map(SimEvent::toString).toList(),
                batched.evalResults().stream().map(SimEvent::toString).toList());
    }

    @Test
    void shouldApplyABatchDeliveredTwiceOnce() {
        for (ExperimentSpec spec : specs()) {
            String reference = new LocalPipeline(resolver, -1).run(spec);
            for (int cap : CAPS) {
                assertEquals(reference, new LocalPipeline(resolver, 3).withBatches(cap).withDuplicates(17).run(spec),
                        spec.getId() + " cap " + cap);
            }
        }
    }

    @Test
    void shouldContinueFromRestoredStateToTheUninterruptedSummary() {
        for (ExperimentSpec spec : specs()) {
            String reference = new LocalPipeline(resolver, -1).run(spec);
            String restored = new LocalPipeline(resolver, 5).withBatches(300).withDuplicates(11)
                    .withStateRoundTrip(7, BatchedPipelineTest::roundTrip).run(spec);
            assertEquals(reference, restored, spec.getId());
        }
    }

    @Test
    void shouldGiveTheUnbatchedSummaryWithRolloutShards() {
        for (ExperimentSpec spec : List.of(TestingSpecs.tiny(AsyncMode.SYNC, 0, false, 8),
                TestingSpecs.tinySplit(AsyncMode.ONE_STEP_OFF, 1, false, 9))) {
            String reference = new LocalPipeline(resolver, -1).run(spec);
            for (int shards = 2; shards <= 3; shards++) {
                assertEquals(reference, new LocalPipeline(resolver, shards).withRolloutShards(shards).withBatches(300)
                        .withDuplicates(shards).run(spec), spec.getId() + " shards " + shards);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static StageState roundTrip(StageState s) {
        return new StageStateSerializer<>((Class<StageState>) s.getClass()).copy(s);
    }
}
