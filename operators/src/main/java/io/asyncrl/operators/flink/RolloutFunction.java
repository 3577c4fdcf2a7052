package io.asyncrl.operators.flink;

import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.stage.RolloutStage;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The rollout stage: prompts on the first input, policy versions (the feedback edge, read back from
 * Kafka) on the second. State: the whole rollout of the experiment, cleared when it ends.
 */
public final class RolloutFunction extends KeyedCoProcessFunction<String, SimEvent, SimEvent, SimEvent>
        implements CheckpointListener {
    private static final long serialVersionUID = 1L;

    private final ParamsResolver resolver;
    private final FaultInjection fault;
    private transient ValueState<RolloutStage> stage;
    private transient ValueState<String> failed;
    private transient long completedCheckpoints;
    private transient ExperimentBudget budget;
    private transient ParamsResolver checked;

    public RolloutFunction(ParamsResolver resolver) {
        this(resolver, null);
    }

    public RolloutFunction(ParamsResolver resolver, FaultInjection fault) {
        this.resolver = resolver;
        this.fault = fault;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        completedCheckpoints++;
    }

    @Override
    public void open(OpenContext openContext) {
        stage = getRuntimeContext().getState(new ValueStateDescriptor<>("rollout", RolloutStage.class));
        failed = getRuntimeContext().getState(ExperimentGuard.failedDescriptor());
        budget = ExperimentBudget.from(getRuntimeContext().getGlobalJobParameters()::get);
        checked = budget.checking(resolver);
    }

    @Override
    public void processElement1(SimEvent e, Context ctx, Collector<SimEvent> out) throws Exception {
        handle(RolloutStage.PROMPTS, e, ctx, out);
    }

    @Override
    public void processElement2(SimEvent e, Context ctx, Collector<SimEvent> out) throws Exception {
        handle(RolloutStage.VERSIONS, e, ctx, out);
    }

    private void handle(int input, SimEvent e, Context ctx, Collector<SimEvent> out) throws Exception {
        if (failed.value() != null) {
            return;
        }
        String error = ExperimentGuard.run("rollout", e, () -> apply(input, e, ctx, out), out,
                m -> ctx.output(Outputs.METRICS, m));
        if (error != null) {
            stage.clear();
            failed.update(error);
        }
    }

    private void apply(int input, SimEvent e, Context ctx, Collector<SimEvent> out) throws Exception {
        if (fault != null) {
            fault.check("rollout", e, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                    getRuntimeContext().getTaskInfo().getAttemptNumber(), completedCheckpoints);
        }
        RolloutStage s = stage.value();
        if (s == null) {
            if (e.getKind() == EventKind.END || e.getKind() == EventKind.WATERMARK) {
                return;
            }
            s = new RolloutStage();
        }
        s.onEvent(input, e, checked, budget.watching(Outputs.of(out, m -> ctx.output(Outputs.METRICS, m))));
        if (s.ended()) {
            stage.clear();
        } else {
            stage.update(s);
        }
    }
}
