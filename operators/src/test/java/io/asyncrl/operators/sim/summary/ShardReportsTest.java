package io.asyncrl.operators.sim.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncrl.operators.sim.core.Shard;
import io.asyncrl.operators.sim.rollout.RolloutShards;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardReportsTest {

    private static SummaryBuilder.StageTotals shard(long endUs, long busyUs, long generated) {
        SummaryBuilder.StageTotals t = new SummaryBuilder.StageTotals();
        t.endUs = endUs;
        t.devices = 4;
        t.deviceSeconds = busyUs / 1e6 * 2;
        t.counters.put("generated", generated);
        t.counters.put(RolloutShards.BUSY_US, busyUs);
        t.counters.put(RolloutShards.TP, 2L);
        return t;
    }

    @Test
    void shouldMergeOnlyOnceEveryShardHasReported() {
        Map<String, SummaryBuilder.StageTotals> stages = new HashMap<>();
        ShardReports.add(stages, new Shard("rollout", 1, 2), shard(900, 200_000, 5));
        assertThat(stages).containsOnlyKeys("rollout[1/2]");
        ShardReports.add(stages, new Shard("rollout", 0, 2), shard(900, 100_000, 7));
        assertThat(stages).containsOnlyKeys("rollout");
        SummaryBuilder.StageTotals m = stages.get("rollout");
        assertThat(m.counters).containsExactlyInAnyOrderEntriesOf(Map.of("generated", 12L));
        assertThat(m.endUs).isEqualTo(900);
        assertThat(m.devices).isEqualTo(4);
    }

    @Test
    void shouldConvertTheSummedBusyTimeOnceAsTheUnsplitRolloutDoes() {
        SummaryBuilder.StageTotals m = ShardReports.merge(new SummaryBuilder.StageTotals[] {
                shard(10, 100_000, 1), shard(20, 200_000, 1)});
        // 300,000 us = 0.3 s on tp 2: 0.6 device-seconds; adding the shards' 0.2 + 0.4 would give 0.6000000000000001.
        assertThat(m.deviceSeconds).isEqualTo(0.6);
        assertThat(0.2 + 0.4).isNotEqualTo(0.6);
        assertThat(m.endUs).isEqualTo(20);
    }
}
