package io.asyncrl.operators.flink;

import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.stage.BatchingOutput;
import io.asyncrl.operators.stage.Envelopes;
import io.asyncrl.operators.stage.PromptStage;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.common.functions.OpenContext;
import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Expands a submitted experiment into its prompts topic. Keyed by experiment id; the only state is
 * the "already expanded" mark, so a redelivered submission is not expanded twice.
 */
public final class PromptFunction extends KeyedProcessFunction<String, ExperimentSpec, SimEvent> {
    private static final long serialVersionUID = 1L;

    private final ParamsResolver resolver;
    private int batchBytes;
    private transient ValueState<Boolean> expanded;
    private transient ExperimentBudget budget;

    public PromptFunction(ParamsResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void open(OpenContext openContext) {
        expanded = getRuntimeContext().getState(expandedDescriptor());
        budget = ExperimentBudget.from(getRuntimeContext().getGlobalJobParameters()::get);
    }

    /** Sends the prompts as {@link BatchingOutput batches} of at most {@code maxBytes}; off unless set. */
    public PromptFunction batchingOutput(int maxBytes) {
        this.batchBytes = maxBytes;
        return this;
    }

    /** Kept a day after expansion so that a redelivered submission is ignored, then expired. */
    static ValueStateDescriptor<Boolean> expandedDescriptor() {
        ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("expanded", Types.BOOLEAN);
        d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(1)).build());
        return d;
    }

    @Override
    public void processElement(ExperimentSpec spec, Context ctx, Collector<SimEvent> out) throws Exception {
        if (Boolean.TRUE.equals(expanded.value())) {
            return;
        }
        // An experiment over its budget (two billion prompts a step) fails here, before a prompt is written;
        // it is marked expanded all the same, so a redelivered submission does not fail it twice.
        StageOutput target = Outputs.of(out, m -> ctx.output(Outputs.METRICS, m));
        BatchingOutput batching = batchBytes > 0 ? new BatchingOutput(target, batchBytes) : null;
        ExperimentGuard.run("prompts", Envelopes.spec(spec), () -> {
            try {
                PromptStage.emit(spec, budget.checking(resolver).resolve(spec), batching == null ? target : batching);
            } finally {
                if (batching != null) {
                    batching.flush();
                }
            }
        }, out, m -> ctx.output(Outputs.METRICS, m));
        expanded.update(true);
    }
}
