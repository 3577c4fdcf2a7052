package io.asyncrl.operators.flink;

import java.util.HashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * Sends every record of the rollout's inputs (prompts and policy versions) to each of the experiment's
 * rollout shards, keyed by {@link ShardKeys}. Every shard needs all of them: each runs the whole
 * controller and simulates its own instances. Stateless: the keys are recomputed from the experiment
 * id (the map only saves the search). The records are of any type that names its experiment: the Flink job
 * routes them undecoded (the shard decodes them, docs/performance.md, "one decode per record").
 */
public final class RolloutShardRouter<T> extends RichFlatMapFunction<T, Tuple2<String, T>> {
    private static final long serialVersionUID = 1L;
    private static final int CACHED_EXPERIMENTS = 4096;

    private final int shards;
    private final KeySelector<T, String> experimentOf;
    private transient int maxParallelism;
    private transient HashMap<String, String[]> keys;

    public RolloutShardRouter(int shards, KeySelector<T, String> experimentOf) {
        this.shards = shards;
        this.experimentOf = experimentOf;
    }

    @Override
    public void open(OpenContext openContext) {
        maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
        keys = new HashMap<>();
    }

    @Override
    public void flatMap(T e, Collector<Tuple2<String, T>> out) throws Exception {
        String experiment = experimentOf.getKey(e);
        String[] k = keys.get(experiment);
        if (k == null) {
            if (keys.size() >= CACHED_EXPERIMENTS) {
                keys.clear();
            }
            k = ShardKeys.of(experiment, shards, maxParallelism);
            keys.put(experiment, k);
        }
        for (String key : k) {
            out.collect(Tuple2.of(key, e));
        }
    }
}
