package io.asyncrl.operators.flink;

import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.stage.BatchingOutput;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.operators.stage.Stage;
import io.asyncrl.operators.stage.StageFactory;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import java.io.IOException;
import java.io.Serializable;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.util.Collector;

/**
 * What {@link StageFunction} and {@link RolloutShardFunction} do with one record of the experiment their key
 * selects: the stage object in keyed state (its explicit {@link StageStateSerializer}), created on the
 * experiment's first record but never by a WATERMARK or END (the upstream's closing records after this stage
 * ended), fault injection, the {@link ExperimentGuard} that fails one experiment and not the job, the
 * {@link ExperimentBudget}, output through {@link BatchingOutput}, and the state cleared once the stage ends, leaving
 * an "ended" mark (a boolean, kept a day as the failed mark is): the upstream stages' sinks write at least once, so
 * after a recovery an experiment's records (its SPEC among them) may arrive again after this stage's END, and without
 * the mark they would start the experiment again with empty state (docs/exactly-once.md).
 */
final class StageRunner<S extends Stage<?>> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Class<S> stageClass;
    private final StageFactory<S> factory;
    private final ParamsResolver resolver;
    private final FaultInjection fault;
    private int batchBytes;
    private transient RuntimeContext runtime;
    private transient PipelineGraph.Node node;
    private transient ValueState<S> stage;
    private transient ValueState<String> failed;
    private transient ValueState<Boolean> endedMark;
    private transient long completedCheckpoints;
    private transient ExperimentBudget budget;
    private transient ParamsResolver checked;

    StageRunner(String name, Class<S> stageClass, StageFactory<S> factory, ParamsResolver resolver,
            FaultInjection fault) {
        this.name = name;
        this.stageClass = stageClass;
        this.factory = factory;
        this.resolver = resolver;
        this.fault = fault;
    }

    /** Data records emitted for one input go out as batches of at most {@code maxBytes}; 0 turns it off. */
    void batchingOutput(int maxBytes) {
        this.batchBytes = maxBytes;
    }

    /** The keyed state holding one experiment's stage, with its explicit serializer. */
    static <S extends Stage<?>> ValueStateDescriptor<S> stageDescriptor(String name, Class<S> type) {
        return new ValueStateDescriptor<>(name, new StageStateSerializer<>(type));
    }

    void open(RuntimeContext runtimeContext) {
        runtime = runtimeContext;
        node = PipelineGraph.stage(name);
        stage = runtime.getState(stageDescriptor(name, stageClass));
        failed = runtime.getState(ExperimentGuard.failedDescriptor());
        endedMark = runtime.getState(ExperimentGuard.mark("ended"));
        budget = ExperimentBudget.from(runtime.getGlobalJobParameters()::get);
        checked = budget.checking(resolver);
    }

    void checkpointComplete() {
        completedCheckpoints++;
    }

    PipelineGraph.Node node() {
        return node;
    }

    /** The current experiment failed earlier, or its stage has ended: its records are skipped. */
    boolean closed() throws IOException {
        return failed.value() != null || endedMark.value() != null;
    }

    /**
     * Applies {@code e} to the current experiment's stage, first passed through {@code prepare}; a stage that has
     * ended is cleared and the experiment marked ended. A failure of the experiment clears the stage and marks the
     * experiment failed.
     */
    void process(SimEvent e, Collector<SimEvent> out, Outputs.SideOutput metrics, UnaryOperator<S> prepare)
            throws Exception {
        String error = ExperimentGuard.run(name, e, () -> apply(e, out, metrics, prepare), out, metrics::output);
        if (error != null) {
            stage.clear();
            failed.update(error);
        }
    }

    private void apply(SimEvent e, Collector<SimEvent> out, Outputs.SideOutput metrics, UnaryOperator<S> prepare)
            throws Exception {
        if (fault != null) {
            fault.check(name, e, runtime.getTaskInfo().getIndexOfThisSubtask(),
                    runtime.getTaskInfo().getAttemptNumber(), completedCheckpoints);
        }
        S s = stage.value();
        if (s == null) {
            if (e.getKind() == EventKind.END || e.getKind() == EventKind.WATERMARK) {
                return;
            }
            s = factory.get();
        }
        StageOutput target = Outputs.of(out, metrics);
        BatchingOutput batching = batchBytes > 0 ? new BatchingOutput(target, batchBytes) : null;
        try {
            prepare.apply(s).onEvent(node.inputOf(e.getProducer()), e, checked,
                    budget.watching(batching == null ? target : batching));
        } finally {
            if (batching != null) {
                batching.flush();
            }
        }
        if (s.ended()) {
            stage.clear();
            endedMark.update(true);
        } else {
            stage.update(s);
        }
    }
}
