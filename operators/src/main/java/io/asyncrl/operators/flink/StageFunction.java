package io.asyncrl.operators.flink;

import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.stage.BatchingOutput;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.operators.stage.Stage;
import io.asyncrl.operators.stage.StageFactory;
import io.asyncrl.schemas.SimEvent;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Every pipeline stage of {@link PipelineGraph#STAGES} in the Flink job, keyed by experiment id. The
 * stage's inputs arrive merged into one stream (the job unions their topics); the input a record came
 * on is the channel its producer writes ({@link PipelineGraph.Node#inputOf}). All simulation state is
 * the stage object in keyed state, written with its explicit serializer ({@link StageStateSerializer})
 * and cleared when the stage ends, leaving an "ended" mark kept a day ({@link StageRunner}): the upstream's
 * closing records after this stage ended, and whatever an upstream's recovery sends again, are skipped, so
 * an experiment's keyed state is one mark once it finishes.
 *
 * <p>The two ends of the pipeline have functions of their own because they are not stages of this
 * shape: {@link PromptFunction} reads submitted specs (not envelopes) and keeps only an "expanded"
 * mark, and {@link SummaryFunction} folds the metrics topic, which needs no watermark protocol and no
 * simulator.
 */
public final class StageFunction<S extends Stage<?>> extends KeyedProcessFunction<String, SimEvent, SimEvent>
        implements CheckpointListener {
    private static final long serialVersionUID = 1L;

    private final StageRunner<S> runner;

    public StageFunction(PipelineGraph.Node node, ParamsResolver resolver) {
        this(node, resolver, null);
    }

    @SuppressWarnings("unchecked")
    public StageFunction(PipelineGraph.Node node, ParamsResolver resolver, FaultInjection fault) {
        this.runner = new StageRunner<>(node.name(), (Class<S>) node.type(), (StageFactory<S>) node.factory(), resolver,
                fault);
    }

    /**
     * Sends the data records the stage emits for one input record as {@link BatchingOutput batches} of at most
     * {@code maxBytes} (a Kafka record each instead of one per data record); off unless set.
     */
    public StageFunction<S> batchingOutput(int maxBytes) {
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
    }

    @Override
    public void processElement(SimEvent e, Context ctx, Collector<SimEvent> out) throws Exception {
        if (!runner.closed()) {
            runner.process(e, out, m -> ctx.output(Outputs.METRICS, m), UnaryOperator.identity());
        }
    }
}
