package io.asyncrl.operators.flink;

import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.stage.Stage;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * A single-input pipeline stage (reward, trainer, evaluation) keyed by experiment id. All
 * simulation state is the stage object in keyed state, cleared when the stage ends. A WATERMARK or
 * END for an experiment without state (the upstream's closing records after this stage ended) never
 * creates state, so keyed state goes back to zero when an experiment finishes.
 */
public final class StageFunction<S extends Stage> extends KeyedProcessFunction<String, SimEvent, SimEvent>
        implements CheckpointListener {
    private static final long serialVersionUID = 1L;

    private final Class<S> stageClass;
    private final SerializableSupplier<S> factory;
    private final ParamsResolver resolver;
    private final String name;
    private final FaultInjection fault;
    private transient ValueState<S> stage;
    private transient ValueState<String> failed;
    private transient long completedCheckpoints;
    private transient ExperimentBudget budget;
    private transient ParamsResolver checked;

    public StageFunction(Class<S> stageClass, SerializableSupplier<S> factory, ParamsResolver resolver) {
        this(stageClass, factory, resolver, null);
    }

    public StageFunction(Class<S> stageClass, SerializableSupplier<S> factory, ParamsResolver resolver,
            FaultInjection fault) {
        this.stageClass = stageClass;
        this.factory = factory;
        this.resolver = resolver;
        this.fault = fault;
        this.name = stageClass.getSimpleName().replace("Stage", "").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        completedCheckpoints++;
    }

    @Override
    public void open(OpenContext openContext) {
        stage = getRuntimeContext().getState(new ValueStateDescriptor<>("stage", stageClass));
        failed = getRuntimeContext().getState(ExperimentGuard.failedDescriptor());
        budget = ExperimentBudget.from(getRuntimeContext().getGlobalJobParameters()::get);
        checked = budget.checking(resolver);
    }

    @Override
    public void processElement(SimEvent e, Context ctx, Collector<SimEvent> out) throws Exception {
        if (failed.value() != null) {
            return;
        }
        String error = ExperimentGuard.run(name, e, () -> apply(e, ctx, out), out, m -> ctx.output(Outputs.METRICS, m));
        if (error != null) {
            stage.clear();
            failed.update(error);
        }
    }

    private void apply(SimEvent e, Context ctx, Collector<SimEvent> out) throws Exception {
        if (fault != null) {
            fault.check(name, e, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                    getRuntimeContext().getTaskInfo().getAttemptNumber(), completedCheckpoints);
        }
        S s = stage.value();
        if (s == null) {
            if (e.getKind() == EventKind.END || e.getKind() == EventKind.WATERMARK) {
                return;
            }
            s = factory.get();
        }
        s.onEvent(0, e, checked, budget.watching(Outputs.of(out, m -> ctx.output(Outputs.METRICS, m))));
        if (s.ended()) {
            stage.clear();
        } else {
            stage.update(s);
        }
    }
}
