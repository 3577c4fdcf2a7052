package io.asyncrl.operators.flink;

import io.asyncrl.operators.stage.SummaryStage;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Folds the metrics topic into one summary per experiment; state cleared once it is published. */
public final class SummaryFunction extends KeyedProcessFunction<String, SimEvent, SimEvent> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<SummaryStage> stage;
    private transient ValueState<String> failed;
    private transient ExperimentMetrics metrics;

    @Override
    public void open(OpenContext openContext) {
        stage = getRuntimeContext().getState(new ValueStateDescriptor<>("summary", new StageStateSerializer<>(SummaryStage.class)));
        failed = getRuntimeContext().getState(ExperimentGuard.failedDescriptor());
        metrics = new ExperimentMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(SimEvent e, Context ctx, Collector<SimEvent> out) throws Exception {
        metrics.onEvent(e);
        if (failed.value() != null) {
            // A failed experiment's summary is out; what its other stages still report changes nothing.
            return;
        }
        SummaryStage s = stage.value();
        if (s == null) {
            if (e.getKind() == EventKind.WATERMARK || (e.getKind() == EventKind.END && e.getPayload() == null)) {
                return;
            }
            s = new SummaryStage();
        }
        s.onEvent(e, Outputs.of(out, m -> {}));
        if (s.ended()) {
            stage.clear();
            if (s.failed()) {
                failed.update("summarised as failed");
            }
        } else {
            stage.update(s);
        }
    }
}
