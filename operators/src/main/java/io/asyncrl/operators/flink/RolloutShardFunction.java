package io.asyncrl.operators.flink;

import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.operators.stage.RolloutStage;
import io.asyncrl.operators.stage.StageFactory;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One shard of an experiment's rollout, keyed by {@link ShardKeys} ({@link RolloutShardRouter} sends
 * it every prompt and version): the rollout stage told which shard it is
 * ({@link RolloutStage#offerShards}), otherwise run as {@link StageFunction} runs every stage. A shard
 * the experiment cannot use (its spec is not split that far, {@link io.asyncrl.operators.sim.rollout.RolloutShards})
 * ends at the SPEC without a record and keeps only the "ended" mark every stage leaves ({@link StageRunner}), so
 * the records still routed to it create no state.
 */
public final class RolloutShardFunction extends KeyedProcessFunction<String, Tuple2<String, SimEvent>, SimEvent>
        implements CheckpointListener {
    private static final long serialVersionUID = 1L;

    private final int shards;
    private final StageRunner<RolloutStage> runner;
    private transient ValueState<String> idle;

    @SuppressWarnings("unchecked")
    public RolloutShardFunction(PipelineGraph.Node node, int shards, ParamsResolver resolver, FaultInjection fault) {
        this.shards = shards;
        this.runner = new StageRunner<>(node.name(), RolloutStage.class, (StageFactory<RolloutStage>) node.factory(),
                resolver, fault);
    }

    /** As {@link StageFunction#batchingOutput}: a shard's data records for one input go out as batches. */
    public RolloutShardFunction batchingOutput(int maxBytes) {
        runner.batchingOutput(maxBytes);
        return this;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        runner.checkpointComplete();
    }

    @Override
    public void open(OpenContext openContext) {
        runner.open(getRuntimeContext());
        idle = getRuntimeContext().getState(idleDescriptor());
    }

    /**
     * The mark an unused shard kept before the ended mark existed, cleared at the versions' END: a checkpoint taken
     * then may still hold it, so it is still read, and no longer written.
     */
    static ValueStateDescriptor<String> idleDescriptor() {
        ValueStateDescriptor<String> d = new ValueStateDescriptor<>("idle-shard", Types.STRING);
        d.enableTimeToLive(ExperimentGuard.MARK_TTL);
        return d;
    }

    @Override
    public void processElement(Tuple2<String, SimEvent> in, Context ctx, Collector<SimEvent> out) throws Exception {
        SimEvent e = in.f1;
        if (runner.closed()) {
            return;
        }
        if (idle.value() != null) {
            if (e.getKind() == EventKind.END && runner.node().inputOf(e.getProducer()) == RolloutStage.VERSIONS) {
                idle.clear();
            }
            return;
        }
        int shard = ShardKeys.shardOf(ctx.getCurrentKey());
        runner.process(e, out, m -> ctx.output(Outputs.METRICS, m), s -> s.offerShards(shard, shards));
    }
}
