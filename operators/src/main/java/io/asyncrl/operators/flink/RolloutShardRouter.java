package io.asyncrl.operators.flink;

import io.asyncrl.schemas.SimEvent;
import java.util.HashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * Sends every record of the rollout's inputs (prompts and policy versions) to each of the experiment's
 * rollout shards, keyed by {@link ShardKeys}. Every shard needs all of them: each runs the whole
 * controller and simulates its own instances. Stateless: the keys are recomputed from the experiment
 * id (the map only saves the search).
 */
public final class RolloutShardRouter extends RichFlatMapFunction<SimEvent, Tuple2<String, SimEvent>> {
    private static final long serialVersionUID = 1L;
    private static final int CACHED_EXPERIMENTS = 4096;

    private final int shards;
    private transient int maxParallelism;
    private transient HashMap<String, String[]> keys;

    public RolloutShardRouter(int shards) {
        this.shards = shards;
    }

    @Override
    public void open(OpenContext openContext) {
        maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
        keys = new HashMap<>();
    }

    @Override
    public void flatMap(SimEvent e, Collector<Tuple2<String, SimEvent>> out) {
        String[] k = keys.get(e.getExperimentId());
        if (k == null) {
            if (keys.size() >= CACHED_EXPERIMENTS) {
                keys.clear();
            }
            k = ShardKeys.of(e.getExperimentId(), shards, maxParallelism);
            keys.put(e.getExperimentId(), k);
        }
        for (String key : k) {
            out.collect(Tuple2.of(key, e));
        }
    }
}
