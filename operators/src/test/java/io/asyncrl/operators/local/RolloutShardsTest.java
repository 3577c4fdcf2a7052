package io.asyncrl.operators.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncrl.operators.flink.StageStateSerializer;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.operators.sim.core.AgenticTestingSpecs;
import io.asyncrl.schemas.EnvExecution;
import io.asyncrl.schemas.KvRetention;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.FrameworkSpec;
import java.util.Map;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StageReport;
import io.asyncrl.operators.stage.StageState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One experiment's rollout split over 1, 2 and 3 shards gives the byte-identical summary, in every
 * mode (async splits under round-robin dispatch; with least-queued dispatch it runs on one shard), over seeds and
 * random delivery orders.
 */
class RolloutShardsTest {
    private final ParamsResolver resolver = new CatalogParamsResolver();

    private static List<ExperimentSpec> specs(long seed) {
        List<ExperimentSpec> specs = new ArrayList<>();
        for (AsyncMode mode : AsyncMode.values()) {
            specs.add(TestingSpecs.tiny(mode, mode == AsyncMode.SYNC ? 0 : 1, false, seed));
        }
        specs.add(TestingSpecs.tiny(AsyncMode.ONE_STEP_OFF, 1, true, seed));
        specs.add(TestingSpecs.tinySplit(AsyncMode.ONE_STEP_OFF, 1, true, seed));
        specs.add(TestingSpecs.tinySplit(AsyncMode.SYNC, 0, false, seed));
        specs.add(AgenticTestingSpecs.dapo(AsyncMode.SYNC, 0, false, seed));
        specs.add(AgenticTestingSpecs.dapo(AsyncMode.ONE_STEP_OFF, 1, false, seed));
        specs.add(AgenticTestingSpecs.multiTurn(AsyncMode.SYNC, 0, false, seed, EnvExecution.TURN_SYNC, KvRetention.DROP));
        specs.add(roundRobin(TestingSpecs.tiny(AsyncMode.ASYNC, 1, false, seed)));
        specs.add(roundRobin(TestingSpecs.tiny(AsyncMode.ASYNC, 2, true, seed)));
        specs.add(roundRobin(AgenticTestingSpecs.dapo(AsyncMode.ASYNC, 1, true, seed)));
        ExperimentSpec fractional = roundRobin(TestingSpecs.tiny(AsyncMode.ASYNC, 1, false, seed));
        fractional.getAsync().setStalenessThreshold(0.5);
        fractional.getAsync().setUpdatesPerSync(2);
        specs.add(fractional);
        return specs;
    }

    /** {@code spec} under a framework that dispatches round-robin (AReaL's), so its async rollout splits. */
    static ExperimentSpec roundRobin(ExperimentSpec spec) {
        spec.setId(spec.getId() + "-rr");
        spec.setFramework(new FrameworkSpec("ideal", Map.of("dispatch", "round-robin")));
        return spec;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void shouldGiveTheUnsplitSummaryAtAnyShardCount(int shards) {
        for (long seed = 1; seed <= 4; seed++) {
            for (ExperimentSpec spec : specs(seed)) {
                String one = new LocalPipeline(resolver, -1).run(spec);
                String split = new LocalPipeline(resolver, seed).withRolloutShards(shards).run(spec);
                assertThat(split).as(spec.getId() + " at " + shards + " shards").isEqualTo(one);
            }
        }
    }

    @Test
    void shouldGiveTheUnsplitSummaryWithReplaysAndRestoresOfEveryShard() {
        for (ExperimentSpec spec : specs(7)) {
            String one = new LocalPipeline(resolver, -1).run(spec);
            String split = new LocalPipeline(resolver, 3).withRolloutShards(3).withDuplicates(5)
                    .withStateRoundTrip(17, RolloutShardsTest::roundTrip).run(spec);
            assertThat(split).as(spec.getId()).isEqualTo(one);
        }
    }

    @Test
    void shouldGiveTheUnsplitSummaryWhenTheShardsSendBatches() {
        for (ExperimentSpec spec : specs(5)) {
            String one = new LocalPipeline(resolver, -1).run(spec);
            // 2 KiB batches: a shard's output for one delivery is cut into several.
            String split = new LocalPipeline(resolver, 11).withRolloutShards(2).withBatches(2048).run(spec);
            assertThat(split).as(spec.getId()).isEqualTo(one);
        }
    }

    @Test
    void shouldSplitSyncModeAndKeepAsyncModeOnOneShard() {
        assertThat(rolloutReporters(TestingSpecs.tiny(AsyncMode.SYNC, 0, false, 1), 3))
                .containsExactlyInAnyOrder("rollout[0/3]", "rollout[1/3]", "rollout[2/3]");
        assertThat(rolloutReporters(TestingSpecs.tiny(AsyncMode.ONE_STEP_OFF, 1, false, 1), 2))
                .containsExactlyInAnyOrder("rollout[0/2]", "rollout[1/2]");
        assertThat(rolloutReporters(TestingSpecs.tiny(AsyncMode.ASYNC, 1, false, 1), 3)).containsExactly("rollout");
        assertThat(rolloutReporters(roundRobin(TestingSpecs.tiny(AsyncMode.ASYNC, 1, false, 1)), 3))
                .containsExactlyInAnyOrder("rollout[0/3]", "rollout[1/3]", "rollout[2/3]");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static StageState roundTrip(StageState s) {
        try {
            StageStateSerializer serializer = new StageStateSerializer(s.getClass());
            DataOutputSerializer out = new DataOutputSerializer(1024);
            serializer.serialize(s, out);
            return (StageState) serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The producers of the rollout's END reports on the metrics topic. */
    private List<String> rolloutReporters(ExperimentSpec spec, int shards) {
        LocalPipeline p = new LocalPipeline(resolver, -1).withRolloutShards(shards);
        p.run(spec);
        List<String> producers = new ArrayList<>();
        for (SimEvent e : p.metrics()) {
            if (e.getPayload() instanceof StageReport r && r.getStage().equals("rollout")) {
                producers.add(e.getProducer());
            }
        }
        return producers;
    }
}
