package io.asyncrl.jobs.service;

import io.asyncrl.connectors.ConnectorOptions;
import io.asyncrl.jobs.spec.CostLimits;
import io.asyncrl.connectors.kafka.TopicAdmin;
import io.asyncrl.jobs.pipeline.AsyncRlPipeline;
import io.asyncrl.jobs.pipeline.KafkaPipelineIo;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.flink.ExperimentBudget;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Entry point of the job jar: the pipeline as a long-running service that runs every experiment
 * submitted on the experiments topic, each to completion, many at once. Submitted by
 * {@code asyncrl deploy} through Flink's REST API, or by {@code flink run}.
 *
 * <p>Settings come from Flink's configuration (the {@link ConnectorOptions} keys and
 * {@code execution.checkpointing.interval}), overridden by program arguments:
 * {@code --bootstrap HOST:PORT --topic-prefix P --partitions N --parallelism N
 * --checkpoint-interval-ms MS} (0 turns checkpointing off; default 10 s).
 */
public final class ServiceJob {
    /** The job name is {@code asyncrl-service[<topic prefix>]}, so deployments on one cluster can be told apart. */
    public static String jobName(String topicPrefix) {
        return "asyncrl-service[" + topicPrefix + "]";
    }

    static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private ServiceJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // As on the MiniCluster (LocalRunner): every type has an explicit serializer, Kryo never comes in.
        org.apache.flink.configuration.Configuration noKryo = new org.apache.flink.configuration.Configuration();
        noKryo.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
        env.configure(noKryo);
        Settings s = Settings.of(ParameterTool.fromArgs(args), env.getConfiguration());
        if (s.parallelism() > 0) {
            env.setParallelism(s.parallelism());
        }
        // The admission step reads its cost limits from the job parameters (see CostLimits),
        // and the stages their per-experiment budget (ExperimentBudget's asyncrl.guard.* keys).
        Map<String, String> parameters = new HashMap<>(s.limits().toMap());
        parameters.putAll(s.guard());
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(parameters));
        if (!s.checkpointInterval().isZero()) {
            env.enableCheckpointing(s.checkpointInterval().toMillis());
        }
        // A KafkaSource fails on a topic that does not exist yet.
        TopicAdmin.ensureTopics(s.bootstrap(), s.topicPrefix(), s.partitions());
        new AsyncRlPipeline(new KafkaPipelineIo(s.bootstrap(), s.topicPrefix()), new CatalogParamsResolver())
                .build(env);
        env.execute(jobName(s.topicPrefix()));
    }

    /** The job's settings, program arguments first, then Flink's configuration, then defaults. */
    record Settings(String bootstrap, String topicPrefix, int partitions, int parallelism, Duration checkpointInterval,
            CostLimits limits, Map<String, String> guard) {
        static Settings of(ParameterTool args, ReadableConfig conf) {
            String bootstrap = args.get("bootstrap", conf.get(ConnectorOptions.BOOTSTRAP_SERVERS));
            if (bootstrap == null || bootstrap.isBlank()) {
                throw new IllegalArgumentException("the service job needs Kafka: pass --bootstrap HOST:PORT or set "
                        + ConnectorOptions.BOOTSTRAP_SERVERS.key());
            }
            String prefix = args.get("topic-prefix", conf.get(ConnectorOptions.TOPIC_PREFIX));
            int partitions = args.getInt("partitions", conf.get(ConnectorOptions.TOPIC_PARTITIONS));
            int parallelism = args.getInt("parallelism", -1);
            Duration interval = args.has("checkpoint-interval-ms")
                    ? Duration.ofMillis(args.getLong("checkpoint-interval-ms"))
                    : conf.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).orElse(DEFAULT_CHECKPOINT_INTERVAL);
            // --asyncrl.admission.max-state-mb 1024, else the key in Flink's configuration, else the default
            CostLimits limits = CostLimits.from(key -> args.has(key) ? args.get(key) : conf.toMap().get(key));
            Map<String, String> guard = new HashMap<>();
            conf.toMap().forEach((k, v) -> {
                if (k.startsWith(ExperimentBudget.PREFIX)) {
                    guard.put(k, v);
                }
            });
            args.toMap().forEach((k, v) -> {
                if (k.startsWith(ExperimentBudget.PREFIX)) {
                    guard.put(k, v);
                }
            });
            ExperimentBudget.from(guard::get);
            return new Settings(bootstrap, prefix, partitions, parallelism, interval, limits, guard);
        }
    }
}
