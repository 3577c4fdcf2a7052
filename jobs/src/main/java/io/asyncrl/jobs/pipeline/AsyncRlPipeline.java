package io.asyncrl.jobs.pipeline;

import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.connectors.kafka.source.SimEventBytes;
import io.asyncrl.operators.flink.FaultInjection;
import io.asyncrl.operators.flink.Outputs;
import io.asyncrl.operators.flink.PromptFunction;
import io.asyncrl.operators.flink.RolloutShardFunction;
import io.asyncrl.operators.flink.RolloutShardRouter;
import io.asyncrl.operators.flink.StageFunction;
import io.asyncrl.operators.flink.SummaryFunction;
import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.stage.BatchingOutput;
import io.asyncrl.operators.stage.Channel;
import io.asyncrl.operators.sim.rollout.RolloutShards;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.operators.stage.RolloutStage;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The RL dataflow as one Flink job whose stages talk only through Kafka topics, built from
 * {@link PipelineGraph} (the description the in-memory runner uses too):
 *
 * <pre>
 * experiments -> prompts -> rollout -> trajectories -> reward -> scored -> trainer -> policy-versions
 *                              ^                                                         |
 *                              +---------------- (read back from Kafka) -----------------+--> evaluation -> eval-results
 * every stage -> metrics -> summary -> summaries
 * </pre>
 *
 * Every stage is keyed by experiment id, so all of one experiment's records travel one Kafka
 * partition and one subtask per stage in order; simulated-time progress travels in-band as
 * per-experiment WATERMARK records. Flink's own watermarks are not used: they are one clock per
 * stream, and experiments must not hold each other's clocks back. Each stage's sink is chained to
 * the stage (forward edge), which keeps a producer's records in order on the topic.
 *
 * <p>The sources do not decode: each record travels the keyed hop to its stage as its Kafka value bytes,
 * keyed by the experiment id read from the value ({@link SimEventBytes}), and the stage decodes it once
 * ({@link DecodingStage}); a value that does not decode goes to the dead-letter topic from there
 * (docs/performance.md, "one decode per record").
 *
 * <p>With rollout shards ({@link #withRolloutShards}) the rollout alone is keyed by (experiment, shard)
 * so that one experiment's instances run on several subtasks; each shard writes under its own producer
 * name and consumers take the minimum watermark over the shards (docs/performance.md, "Rollout shards").
 */
public final class AsyncRlPipeline {
    private final PipelineIo io;
    private final ParamsResolver resolver;
    private final FaultInjection fault;
    private int rolloutShards = 1;

    public AsyncRlPipeline(PipelineIo io, ParamsResolver resolver) {
        this(io, resolver, null);
    }

    /** With {@code fault} set, one stage fails once mid-run (recovery tests and drills). */
    public AsyncRlPipeline(PipelineIo io, ParamsResolver resolver, FaultInjection fault) {
        this.io = io;
        this.resolver = resolver;
        this.fault = fault;
    }

    /**
     * Offers each experiment's rollout {@code shards} shards on different subtasks ({@link RolloutShards}
     * decides how many an experiment can use); 1, the default, keeps the rollout keyed by experiment.
     */
    public AsyncRlPipeline withRolloutShards(int shards) {
        this.rolloutShards = shards;
        return this;
    }

    /**
     * How long a network buffer may wait to fill before it is sent (Flink's default is 100 ms): 0, sent after every
     * record. Flink's documentation warns against 0 for streams of many small records; these records are batches, a
     * few per stage and step, so a flush each costs little, and no output flusher thread wakes every few milliseconds
     * per task: 6 bench rounds at 250 steps, 14.9 s against 16.3 s with 5 ms (docs/performance.md, "Fifteenth
     * session").
     */
    static final long BUFFER_TIMEOUT_MS = 0;

    public void build(StreamExecutionEnvironment env) {
        // Every operator emits freshly built records and keeps none it has emitted, so the deep copy Flink
        // makes between chained operators without object reuse was pure cost (docs/performance.md).
        env.getConfig().enableObjectReuse();
        // Each training step is a round trip of the feedback cycle through three keyed network hops; with
        // Flink's default 100 ms buffer timeout a hop could hold a step's last records that long.
        env.setBufferTimeout(BUFFER_TIMEOUT_MS);
        KeySelector<ExperimentSpec, String> specKey = new SpecKey();
        KeySelector<SimEventBytes, String> key = new ExperimentKey();

        // Submissions are decoded and validated before any stage sees them; refused ones go to the
        // dead-letter topic with the reason, so a bad record never fails the job for everyone.
        SingleOutputStreamOperator<ExperimentSpec> admitted = env
                .fromSource(io.experiments(), WatermarkStrategy.noWatermarks(), "experiments")
                .uid("experiments-source")
                .process(new AdmitExperiment()).returns(new AvroTypeInfo<>(ExperimentSpec.class))
                .name("admit").uid("admit");
        admitted.getSideOutput(AdmitExperiment.DEAD_LETTERS).sinkTo(io.deadLetters())
                .name("dead-letter-sink").uid("dead-letter-sink");

        SingleOutputStreamOperator<SimEvent> prompts = admitted
                .keyBy(specKey)
                .process(new PromptFunction(resolver).batchingOutput(BatchingOutput.DEFAULT_MAX_BYTES))
                .name("prompts").uid("prompts");
        prompts.sinkTo(io.sink(topic(PipelineGraph.SOURCE))).name("prompts-sink").uid("prompts-sink");
        // An experiment over its budget fails in the prompts stage already; its StageFailure goes out here.
        prompts.getSideOutput(Outputs.METRICS).sinkTo(io.sink(Topic.METRICS))
                .name("metrics-sink-prompts").uid("metrics-sink-prompts");

        // The stages and their channels come from the one description both runners share.
        for (PipelineGraph.Node node : PipelineGraph.STAGES) {
            SingleOutputStreamOperator<SimEvent> stage = rolloutShards > 1 && node.type() == RolloutStage.class
                    ? shardedStage(env, node) : stage(env, node, key);
            write(stage, topic(node.output()), node.name());
        }

        read(env, topic(PipelineGraph.SUMMARY_INPUT), "summary")
                .keyBy(key)
                .process(DecodingStage.of(new SummaryFunction(), io.corruptRecords())).name("summary").uid("summary")
                .sinkTo(io.sink(topic(PipelineGraph.SINK))).name("summaries-sink").uid("summaries-sink");
    }

    /** One stage keyed by experiment; a stage with several inputs reads the union of their topics. */
    private SingleOutputStreamOperator<SimEvent> stage(StreamExecutionEnvironment env, PipelineGraph.Node node,
            KeySelector<SimEventBytes, String> key) {
        return inputs(env, node).keyBy(key)
                .process(DecodingStage.of(new StageFunction<>(node, resolver, fault)
                        .batchingOutput(BatchingOutput.DEFAULT_MAX_BYTES), io.corruptRecords()))
                .name(node.name()).uid(node.name());
    }

    /** The rollout keyed by (experiment, shard): every input record goes to each shard of its experiment. */
    private SingleOutputStreamOperator<SimEvent> shardedStage(StreamExecutionEnvironment env, PipelineGraph.Node node) {
        return inputs(env, node)
                .flatMap(new RolloutShardRouter<>(rolloutShards, new ExperimentKey()))
                .returns(new TupleTypeInfo<>(Types.STRING, TypeInformation.of(SimEventBytes.class)))
                .name(node.name() + "-shard-router").uid(node.name() + "-shard-router")
                .keyBy(new ShardKey())
                .process(DecodingStage.ofShards(new RolloutShardFunction(node, rolloutShards, resolver, fault)
                        .batchingOutput(BatchingOutput.DEFAULT_MAX_BYTES), io.corruptRecords()))
                .name(node.name() + "-shards").uid(node.name() + "-shards");
    }

    private DataStream<SimEventBytes> inputs(StreamExecutionEnvironment env, PipelineGraph.Node node) {
        List<Channel> in = node.inputs();
        DataStream<SimEventBytes> inputs = read(env, topic(in.get(0)), node.name());
        for (Channel c : in.subList(1, in.size())) {
            inputs = inputs.union(read(env, topic(c), node.name()));
        }
        return inputs;
    }

    /** The Kafka topic of a channel (the same constant name). */
    static Topic topic(Channel channel) {
        return Topic.valueOf(channel.name());
    }

    private DataStream<SimEventBytes> read(StreamExecutionEnvironment env, Topic topic, String stage) {
        return env.fromSource(io.source(topic, stage), WatermarkStrategy.noWatermarks(),
                        topic.baseName() + "-source-" + stage)
                .uid(topic.baseName() + "-source-" + stage);
    }

    private void write(SingleOutputStreamOperator<SimEvent> stage, Topic topic, String name) {
        stage.sinkTo(io.sink(topic)).name(topic.baseName() + "-sink").uid(topic.baseName() + "-sink");
        stage.getSideOutput(Outputs.METRICS).sinkTo(io.sink(Topic.METRICS))
                .name("metrics-sink-" + name).uid("metrics-sink-" + name);
    }

    /**
     * Records are keyed, partitioned and ordered by experiment: the id read from the value, the same
     * {@code SimEvent.getExperimentId()} the decoded record has.
     */
    public static final class ExperimentKey implements KeySelector<SimEventBytes, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(SimEventBytes e) {
            return e.experimentId;
        }
    }

    /** A rollout shard's records are keyed by the shard's key ({@link io.asyncrl.operators.flink.ShardKeys}). */
    public static final class ShardKey implements KeySelector<Tuple2<String, SimEventBytes>, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Tuple2<String, SimEventBytes> e) {
            return e.f0;
        }
    }

    /** Submissions are keyed by their experiment id. */
    public static final class SpecKey implements KeySelector<ExperimentSpec, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ExperimentSpec s) {
            return s.getId();
        }
    }
}
