package io.asyncrl.operators.flink;

import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.operators.stage.RolloutStage;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
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
 * ends at the SPEC without a record and keeps only an "idle" mark, cleared at the versions' END, so
 * the records still routed to it create no state.
 */
public final class RolloutShardFunction extends KeyedProcessFunction<String, Tuple2<String, SimEvent>, SimEvent>
        implements CheckpointListener {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int shards;
    private final ParamsResolver resolver;
    private final FaultInjection fault;
    private transient PipelineGraph.Node node;
    private transient ValueState<RolloutStage> stage;
    private transient ValueState<String> failed;
    private transient ValueState<String> idle;
    private transient long completedCheckpoints;
    private transient ExperimentBudget budget;
    private transient ParamsResolver checked;

    public RolloutShardFunction(PipelineGraph.Node node, int shards, ParamsResolver resolver, FaultInjection fault) {
        this.name = node.name();
        this.shards = shards;
        this.resolver = resolver;
        this.fault = fault;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        completedCheckpoints++;
    }

    @Override
    public void open(OpenContext openContext) {
        node = PipelineGraph.stage(name);
        stage = getRuntimeContext().getState(StageFunction.stageDescriptor(name, RolloutStage.class));
        failed = getRuntimeContext().getState(ExperimentGuard.failedDescriptor());
        idle = getRuntimeContext().getState(idleDescriptor());
        budget = ExperimentBudget.from(getRuntimeContext().getGlobalJobParameters()::get);
        checked = budget.checking(resolver);
    }

    /** The idle mark, kept at most a day as the failed mark is (in case the versions' END never comes). */
    static ValueStateDescriptor<String> idleDescriptor() {
        ValueStateDescriptor<String> d = new ValueStateDescriptor<>("idle-shard", Types.STRING);
        d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(1)).disableCleanupInBackground().build());
        return d;
    }

    @Override
    public void processElement(Tuple2<String, SimEvent> in, Context ctx, Collector<SimEvent> out) throws Exception {
        SimEvent e = in.f1;
        if (failed.value() != null) {
            return;
        }
        if (idle.value() != null) {
            if (e.getKind() == EventKind.END && node.inputOf(e.getProducer()) == RolloutStage.VERSIONS) {
                idle.clear();
            }
            return;
        }
        int shard = ShardKeys.shardOf(ctx.getCurrentKey());
        String error = ExperimentGuard.run(name, e, () -> apply(e, shard, ctx, out), out,
                m -> ctx.output(Outputs.METRICS, m));
        if (error != null) {
            stage.clear();
            failed.update(error);
        }
    }

    private void apply(SimEvent e, int shard, Context ctx, Collector<SimEvent> out) throws Exception {
        if (fault != null) {
            fault.check(name, e, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                    getRuntimeContext().getTaskInfo().getAttemptNumber(), completedCheckpoints);
        }
        RolloutStage s = stage.value();
        if (s == null) {
            if (e.getKind() == EventKind.END || e.getKind() == EventKind.WATERMARK) {
                return;
            }
            s = new RolloutStage();
        }
        s.offerShards(shard, shards).onEvent(node.inputOf(e.getProducer()), e, checked,
                budget.watching(Outputs.of(out, m -> ctx.output(Outputs.METRICS, m))));
        if (s.ended()) {
            stage.clear();
            if (s.idleShard()) {
                idle.update("idle");
            }
        } else {
            stage.update(s);
        }
    }
}
