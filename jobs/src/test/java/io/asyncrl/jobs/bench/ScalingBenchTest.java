package io.asyncrl.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingBenchTest {
    private static ScalingBench.Report report(boolean identical) {
        return new ScalingBench.Report("x.yaml", 1000, List.of(
                new ScalingBench.Run(1, 1, List.of(12.0, 10.0), List.of(15.0, 13.0), true),
                new ScalingBench.Run(2, 1, List.of(9.0, 9.5), List.of(14.0, 14.5), true),
                new ScalingBench.Run(2, 2, List.of(6.0, 8.0), List.of(11.0, 12.0), identical)));
    }

    @Test
    void shouldCompareTheBestWallAtParallelismOneWithTheBestSharded() {
        ScalingBench.Report r = report(true);
        // best walls: 10.0 at parallelism 1, 6.0 at parallelism 2 with 2 shards: 10 / 6 = 1.67
        assertEquals(10.0 / 6.0, r.ratio());
        assertEquals(13.0, r.runs().get(0).cpuSeconds(), "the CPU of the round with the best wall");
        String table = r.table();
        assertTrue(table.contains("wall at parallelism 1 / parallelism 2 with 2 shards: 1.67x"), table);
        // and against parallelism 2 on one shard: 10 / 9 = 1.11
        assertTrue(table.contains("wall at parallelism 1 / parallelism 2 with 1 shard: 1.11x"), table);
        assertTrue(table.contains("summaries identical to the in-memory pipeline's: yes"), table);
        // 1000 trajectories in 6.0 s = 167 per second
        assertTrue(table.contains(" 167 "), table);
        String json = r.toJson();
        assertTrue(json.contains("\"wall_ratio\": 1.6667") && json.contains("\"round_wall_seconds\": [6.0, 8.0]"), json);
        assertTrue(json.contains("\"wall_ratio_one_shard\": 1.1111"), json);
    }

    @Test
    void shouldSayWhenASummaryDiffers() {
        assertFalse(report(false).identical());
        assertTrue(report(false).table().contains("summaries identical to the in-memory pipeline's: NO"));
    }
}
