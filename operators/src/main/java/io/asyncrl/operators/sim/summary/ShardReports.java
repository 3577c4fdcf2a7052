package io.asyncrl.operators.sim.summary;

import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.rollout.RolloutShards;
import io.asyncrl.operators.sim.core.Shard;
import java.util.HashMap;
import java.util.Map;

/**
 * Folds the END reports of a split stage's shards ({@link Shard}) into the one report the unsplit
 * stage would have sent. The shards' reports wait in the builder's stage table under their producer
 * names (so the summary's state format holds them as it is); once all of a stage's shards have
 * reported they are replaced by the merged report under the stage's name.
 *
 * <p>Counters add up (each shard counts its own instances' trajectories), the end is the latest
 * shard's (all end on the same last version), the device count is the stage's, and busy
 * device-seconds are recomputed from the summed busy microseconds ({@link RolloutShards#BUSY_US}).
 */
final class ShardReports {
    private ShardReports() {}

    /** Adds shard {@code s}'s report to {@code stages}; merges once every shard of its stage is there. */
    static void add(Map<String, SummaryBuilder.StageTotals> stages, Shard s, SummaryBuilder.StageTotals report) {
        stages.put(s.producer(), report);
        SummaryBuilder.StageTotals[] parts = new SummaryBuilder.StageTotals[s.count()];
        for (int i = 0; i < s.count(); i++) {
            parts[i] = stages.get(Shard.producer(s.stage(), i, s.count()));
            if (parts[i] == null) {
                return;
            }
        }
        for (int i = 0; i < s.count(); i++) {
            stages.remove(Shard.producer(s.stage(), i, s.count()));
        }
        stages.put(s.stage(), merge(parts));
    }

    static SummaryBuilder.StageTotals merge(SummaryBuilder.StageTotals[] parts) {
        SummaryBuilder.StageTotals m = new SummaryBuilder.StageTotals();
        m.devices = parts[0].devices;
        HashMap<String, Long> sums = new HashMap<>();
        for (SummaryBuilder.StageTotals p : parts) {
            m.endUs = Math.max(m.endUs, p.endUs);
            p.counters.forEach((k, v) -> sums.merge(k, v, Long::sum));
        }
        long busyUs = sums.getOrDefault(RolloutShards.BUSY_US, 0L);
        long tp = parts[0].counter(RolloutShards.TP);
        sums.remove(RolloutShards.BUSY_US);
        sums.remove(RolloutShards.TP);
        m.counters.putAll(sums);
        m.deviceSeconds = SimTime.seconds(busyUs) * tp;
        return m;
    }
}
