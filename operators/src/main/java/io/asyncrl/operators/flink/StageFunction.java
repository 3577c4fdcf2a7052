package io.asyncrl.operators.flink;

import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.stage.BatchingOutput;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.operators.stage.Stage;
import io.asyncrl.operators.stage.StageFactory;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Every pipeline stage of {@link PipelineGraph#STAGES} in the Flink job, keyed by experiment id. The
 * stage's inputs arrive merged into one stream (the job unions their topics); the input a record came
 * on is the channel its producer writes ({@link PipelineGraph.Node#inputOf}). All simulation state is
 * the stage object in keyed state, written with its explicit serializer ({@link StageStateSerializer})
 * and cleared when the stage ends. A WATERMARK or END for an experiment without state (the upstream's
 * closing records after this stage ended) never creates state, so keyed state goes back to zero when
 * an experiment finishes.
 *
 * <p>The two ends of the pipeline have functions of their own because they are not stages of this
 * shape: {@link PromptFunction} reads submitted specs (not envelopes) and keeps only an "expanded"
 * mark, and {@link SummaryFunction} folds the metrics topic, which needs no watermark protocol and no
 * simulator.
 */
public final class StageFunction<S extends Stage<?>> extends KeyedProcessFunction<String, SimEvent, SimEvent>
        implements CheckpointListener {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Class<S> stageClass;
    private final StageFactory<S> factory;
    private final ParamsResolver resolver;
    private final FaultInjection fault;
    private int batchBytes;
    private transient PipelineGraph.Node node;
    private transient ValueState<S> stage;
    private transient ValueState<String> failed;
    private transient long completedCheckpoints;
    private transient ExperimentBudget budget;
    private transient ParamsResolver checked;

    public StageFunction(PipelineGraph.Node node, ParamsResolver resolver) {
        this(node, resolver, null);
    }

    @SuppressWarnings("unchecked")
    public StageFunction(PipelineGraph.Node node, ParamsResolver resolver, FaultInjection fault) {
        this.name = node.name();
        this.stageClass = (Class<S>) node.type();
        this.factory = (StageFactory<S>) node.factory();
        this.resolver = resolver;
        this.fault = fault;
    }

    /**
     * Sends the data records the stage emits for one input record as {@link BatchingOutput batches} of at most
     * {@code maxBytes} (a Kafka record each instead of one per data record); off unless set.
     */
    public StageFunction<S> batchingOutput(int maxBytes) {
        this.batchBytes = maxBytes;
        return this;
    }

    /** The keyed state holding one experiment's stage, with its explicit serializer. */
    static <S extends Stage<?>> ValueStateDescriptor<S> stageDescriptor(String name, Class<S> type) {
        return new ValueStateDescriptor<>(name, new StageStateSerializer<>(type));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        completedCheckpoints++;
    }

    @Override
    public void open(OpenContext openContext) {
        node = PipelineGraph.stage(name);
        stage = getRuntimeContext().getState(stageDescriptor(name, stageClass));
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
        StageOutput target = Outputs.of(out, m -> ctx.output(Outputs.METRICS, m));
        BatchingOutput batching = batchBytes > 0 ? new BatchingOutput(target, batchBytes) : null;
        try {
            s.onEvent(node.inputOf(e.getProducer()), e, checked, budget.watching(batching == null ? target : batching));
        } finally {
            if (batching != null) {
                batching.flush();
            }
        }
        if (s.ended()) {
            stage.clear();
        } else {
            stage.update(s);
        }
    }
}
