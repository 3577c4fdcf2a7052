package io.asyncrl.operators.flink;

import io.asyncrl.operators.sim.ParamsResolver;
import io.asyncrl.operators.stage.Stage;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * A single-input pipeline stage (reward, trainer, evaluation) keyed by experiment id. All
 * simulation state is the stage object in keyed state; it is cleared when the stage ends, leaving
 * only a small "finished" mark (expired after a day) so that stray records that arrive after the end
 * do not start the experiment again.
 */
public final class StageFunction<S extends Stage> extends KeyedProcessFunction<String, SimEvent, SimEvent> {
    private static final long serialVersionUID = 1L;

    private final Class<S> stageClass;
    private final SerializableSupplier<S> factory;
    private final ParamsResolver resolver;
    private transient ValueState<S> stage;
    private transient ValueState<Boolean> finished;

    public StageFunction(Class<S> stageClass, SerializableSupplier<S> factory, ParamsResolver resolver) {
        this.stageClass = stageClass;
        this.factory = factory;
        this.resolver = resolver;
    }

    @Override
    public void open(OpenContext openContext) {
        stage = getRuntimeContext().getState(new ValueStateDescriptor<>("stage", stageClass));
        finished = getRuntimeContext().getState(finishedDescriptor());
    }

    static ValueStateDescriptor<Boolean> finishedDescriptor() {
        ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("finished", Types.BOOLEAN);
        d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(1)).build());
        return d;
    }

    @Override
    public void processElement(SimEvent e, Context ctx, Collector<SimEvent> out) throws Exception {
        if (Boolean.TRUE.equals(finished.value())) {
            return;
        }
        S s = stage.value();
        if (s == null) {
            if (e.getKind() == EventKind.END) {
                return;
            }
            s = factory.get();
        }
        s.onEvent(0, e, resolver, Outputs.of(out, m -> ctx.output(Outputs.METRICS, m)));
        if (s.ended()) {
            stage.clear();
            finished.update(true);
        } else {
            stage.update(s);
        }
    }
}
