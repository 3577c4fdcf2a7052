package io.asyncrl.jobs.pipeline;

import io.asyncrl.connectors.kafka.source.CorruptRecordHandler;
import io.asyncrl.connectors.kafka.source.SimEventBytes;
import io.asyncrl.connectors.kafka.source.SimEventBytesDecoder;
import io.asyncrl.schemas.SimEvent;
import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A keyed stage of the Flink job fed its records undecoded ({@link SimEventBytes}): decodes each one once, on
 * the stage's own thread, then hands the SimEvent to the stage's function ({@code StageFunction},
 * {@code RolloutShardFunction}, {@code SummaryFunction}), which runs with this operator's runtime context (so
 * its keyed state, names and layout are the ones it always had), timers, side outputs and checkpoint
 * notifications.
 *
 * <p>Why: when the sources decoded, every record was decoded in its source, then encoded and decoded again by
 * Flink's Avro serializer on the keyed network hop to its stage; that serializer was 12.7% of a bench's Flink
 * samples (docs/performance.md, "one decode per record"). Now the hop carries the value's bytes and this
 * decodes them with the sources' strict one-pass decoder ({@link SimEventBytesDecoder}). A value that does not
 * decode goes to the {@link CorruptRecordHandler} (the dead-letter topic, with its reason, original key and
 * value) and is skipped, before the stage's function or its state see anything, as the source skipped it.
 *
 * @param <IN> the operator's input: {@link SimEventBytes}, or a rollout shard's (shard key, bytes)
 * @param <D> the stage function's input: the decoded SimEvent, or (shard key, SimEvent)
 */
public final class DecodingStage<IN, D> extends KeyedProcessFunction<String, IN, SimEvent>
        implements CheckpointListener {
    private static final long serialVersionUID = 1L;

    private final KeyedProcessFunction<String, D, SimEvent> stage;
    private final Input<IN, D> input;
    private final SimEventBytesDecoder decoder;
    private transient KeyedProcessFunction<String, IN, SimEvent>.Context current;
    private transient KeyedProcessFunction<String, IN, SimEvent>.OnTimerContext currentTimer;
    private transient KeyedProcessFunction<String, D, SimEvent>.Context context;
    private transient KeyedProcessFunction<String, D, SimEvent>.OnTimerContext timerContext;

    private DecodingStage(KeyedProcessFunction<String, D, SimEvent> stage, Input<IN, D> input,
            CorruptRecordHandler onCorrupt) {
        this.stage = Objects.requireNonNull(stage, "stage function must not be null");
        this.input = input;
        this.decoder = new SimEventBytesDecoder(onCorrupt);
    }

    /** A stage keyed by experiment: {@code stage} gets the decoded SimEvent. */
    public static DecodingStage<SimEventBytes, SimEvent> of(KeyedProcessFunction<String, SimEvent, SimEvent> stage,
            CorruptRecordHandler onCorrupt) {
        return new DecodingStage<>(stage, new Events(), onCorrupt);
    }

    /** A rollout shard keyed by its shard key: {@code stage} gets (shard key, decoded SimEvent). */
    public static DecodingStage<Tuple2<String, SimEventBytes>, Tuple2<String, SimEvent>> ofShards(
            KeyedProcessFunction<String, Tuple2<String, SimEvent>, SimEvent> stage, CorruptRecordHandler onCorrupt) {
        return new DecodingStage<>(stage, new Shards(), onCorrupt);
    }

    /** The wrapped stage function (tests). */
    KeyedProcessFunction<String, D, SimEvent> stage() {
        return stage;
    }

    /** Values this instance refused since it was created or deserialized (tests). */
    long corruptRecords() {
        return decoder.corruptRecords();
    }

    @Override
    public void setRuntimeContext(RuntimeContext runtimeContext) {
        super.setRuntimeContext(runtimeContext);
        stage.setRuntimeContext(runtimeContext);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        decoder.open(getRuntimeContext().getMetricGroup());
        context = stage.new Context() {
            @Override
            public Long timestamp() {
                return current.timestamp();
            }

            @Override
            public TimerService timerService() {
                return current.timerService();
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                current.output(outputTag, value);
            }

            @Override
            public String getCurrentKey() {
                return current.getCurrentKey();
            }
        };
        timerContext = stage.new OnTimerContext() {
            @Override
            public Long timestamp() {
                return currentTimer.timestamp();
            }

            @Override
            public TimerService timerService() {
                return currentTimer.timerService();
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                currentTimer.output(outputTag, value);
            }

            @Override
            public TimeDomain timeDomain() {
                return currentTimer.timeDomain();
            }

            @Override
            public String getCurrentKey() {
                return currentTimer.getCurrentKey();
            }
        };
        stage.open(openContext);
    }

    @Override
    public void close() throws Exception {
        stage.close();
    }

    @Override
    public void processElement(IN in, Context ctx, Collector<SimEvent> out) throws Exception {
        SimEvent e = decoder.decode(input.bytes(in));
        if (e == null) {
            return;
        }
        current = ctx;
        stage.processElement(input.decoded(in, e), context, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SimEvent> out) throws Exception {
        currentTimer = ctx;
        stage.onTimer(timestamp, timerContext, out);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (stage instanceof CheckpointListener l) {
            l.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        if (stage instanceof CheckpointListener l) {
            l.notifyCheckpointAborted(checkpointId);
        }
    }

    /** Where a record's bytes are in the operator's input, and the stage function's input once decoded. */
    interface Input<IN, D> extends Serializable {
        SimEventBytes bytes(IN in);

        D decoded(IN in, SimEvent e);
    }

    private static final class Events implements Input<SimEventBytes, SimEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public SimEventBytes bytes(SimEventBytes in) {
            return in;
        }

        @Override
        public SimEvent decoded(SimEventBytes in, SimEvent e) {
            return e;
        }
    }

    private static final class Shards implements Input<Tuple2<String, SimEventBytes>, Tuple2<String, SimEvent>> {
        private static final long serialVersionUID = 1L;

        @Override
        public SimEventBytes bytes(Tuple2<String, SimEventBytes> in) {
            return in.f1;
        }

        @Override
        public Tuple2<String, SimEvent> decoded(Tuple2<String, SimEventBytes> in, SimEvent e) {
            return Tuple2.of(in.f0, e);
        }
    }
}
