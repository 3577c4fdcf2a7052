package io.asyncrl.operators.flink;

import io.asyncrl.operators.stage.SummaryStage;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Folds the metrics topic into one summary per experiment; state cleared once it is published, leaving a
 * "summarised" mark (a boolean, kept a day as the failed mark is): the stages' sinks write at least once, so after a
 * recovery an experiment's metrics may arrive again, and without the mark they would build and publish a second
 * summary (SoakITCase once read a second summary of soak-0, every figure zero).
 */
public final class SummaryFunction extends KeyedProcessFunction<String, SimEvent, SimEvent> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<SummaryStage> stage;
    private transient ValueState<String> failed;
    private transient ValueState<Boolean> summarised;
    private transient ExperimentMetrics metrics;

    @Override
    public void open(OpenContext openContext) {
        stage = getRuntimeContext().getState(new ValueStateDescriptor<>("summary", new StageStateSerializer<>(SummaryStage.class)));
        failed = getRuntimeContext().getState(ExperimentGuard.failedDescriptor());
        summarised = getRuntimeContext().getState(ExperimentGuard.mark("summarised"));
        metrics = new ExperimentMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(SimEvent e, Context ctx, Collector<SimEvent> out) throws Exception {
        metrics.onEvent(e);
        if (failed.value() != null || summarised.value() != null) {
            // The summary is out; what the stages still report, or report again after a recovery, changes nothing.
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
            } else {
                summarised.update(true);
            }
        } else {
            stage.update(s);
        }
    }
}
