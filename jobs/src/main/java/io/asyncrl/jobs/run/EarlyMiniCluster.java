package io.asyncrl.jobs.run;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink MiniCluster that starts in the background before the run's job exists, so that its start (actor
 * systems, blob server, REST endpoint, task manager: about a second on 2 cores, docs/performance.md) overlaps
 * the Kafka broker's start and the job graph's build instead of following them.
 *
 * <p>Submission still goes through Flink's own local executor ({@link LocalExecutor}), which asks its cluster
 * factory for a MiniCluster of the configuration it derives from the job, exactly as
 * {@code PerJobMiniClusterFactory} does for {@code createLocalEnvironment}. The factory hands over the early
 * cluster only when that configuration asks for the same task managers, slots and RPC sharing, and keeps every
 * value the early cluster was started with (the pipeline may add job-level settings afterwards, such as the
 * buffer timeout; they travel with the job's own configuration). Otherwise the early cluster is closed and a new
 * one is started as without it. Either way the job client shuts its cluster down when the job ends.
 */
final class EarlyMiniCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyMiniCluster.class);

    private final Configuration envConfig;
    private final MiniClusterConfiguration expected;
    private final Starting cluster;
    /** Given to a job or closed: either way nobody else gets it. */
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile boolean handedOver;

    private EarlyMiniCluster(Configuration envConfig, MiniClusterConfiguration expected) {
        this.envConfig = envConfig;
        this.expected = expected;
        this.cluster = new Starting(expected);
        Thread starter = new Thread(cluster::startNow, "asyncrl-start-flink");
        starter.setDaemon(true);
        starter.start();
    }

    /**
     * Starts the cluster for a local environment of {@code parallelism} over {@code config} (what
     * {@code StreamExecutionEnvironment.createLocalEnvironment(parallelism, config)} would run).
     */
    static EarlyMiniCluster start(Configuration config, int parallelism) {
        Configuration env = new Configuration(config);
        env.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        env.set(DeploymentOptions.TARGET, LocalExecutor.NAME);
        env.set(DeploymentOptions.ATTACHED, true);
        return new EarlyMiniCluster(env, clusterConfiguration(env, parallelism));
    }

    /**
     * The cluster configuration Flink's local executor derives for a job whose widest operator has
     * {@code maxParallelism} subtasks (as {@code PerJobMiniClusterFactory} does): a random REST port unless one
     * is set, the configured task managers, and enough slots for the widest operator.
     */
    static MiniClusterConfiguration clusterConfiguration(Configuration effective, int maxParallelism) {
        Configuration c = new Configuration(effective);
        if (!c.contains(RestOptions.BIND_PORT)) {
            c.set(RestOptions.BIND_PORT, "0");
        }
        int taskManagers = c.get(TaskManagerOptions.MINI_CLUSTER_NUM_TASK_MANAGERS);
        int slots = c.getOptional(TaskManagerOptions.NUM_TASK_SLOTS)
                .orElse(Math.max(1, (maxParallelism + taskManagers - 1) / taskManagers));
        return new MiniClusterConfiguration.Builder()
                .setConfiguration(c)
                .setNumTaskManagers(taskManagers)
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .setNumSlotsPerTaskManager(slots)
                .build();
    }

    /** An environment whose job runs on this cluster (its executor is Flink's local executor). */
    StreamExecutionEnvironment environment() {
        PipelineExecutorFactory factory = new PipelineExecutorFactory() {
            @Override
            public String getName() {
                return LocalExecutor.NAME;
            }

            @Override
            public boolean isCompatibleWith(Configuration configuration) {
                return LocalExecutor.NAME.equals(configuration.get(DeploymentOptions.TARGET));
            }

            @Override
            public PipelineExecutor getExecutor(Configuration configuration) {
                return LocalExecutor.createWithFactory(configuration, EarlyMiniCluster.this::clusterFor);
            }
        };
        PipelineExecutorServiceLoader loader = new PipelineExecutorServiceLoader() {
            @Override
            public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
                return factory;
            }

            @Override
            public Stream<String> getExecutorNames() {
                return Stream.of(LocalExecutor.NAME);
            }
        };
        return new StreamExecutionEnvironment(loader, new Configuration(envConfig), null);
    }

    /** The cluster for {@code requested}: the early one, once, when it is what was asked for; else a new one. */
    MiniCluster clusterFor(MiniClusterConfiguration requested) {
        if (matches(requested) && claimed.compareAndSet(false, true)) {
            handedOver = true;
            LOG.info("The job runs on the MiniCluster started before it");
            return cluster;
        }
        LOG.info("The job asks for another MiniCluster than the one started before it; starting that one now");
        close();
        return new MiniCluster(requested);
    }

    /** Whether {@code requested} asks for the cluster that was started. */
    boolean matches(MiniClusterConfiguration requested) {
        if (requested.getNumTaskManagers() != expected.getNumTaskManagers()
                || requested.getRpcServiceSharing() != expected.getRpcServiceSharing()) {
            return false;
        }
        Map<String, String> wanted = requested.getConfiguration().toMap();
        for (Map.Entry<String, String> e : expected.getConfiguration().toMap().entrySet()) {
            if (!e.getValue().equals(wanted.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the job was given the early cluster (for tests). */
    boolean handedOver() {
        return handedOver;
    }

    /** Shuts the early cluster down unless a job took it (its client shuts it down when the job ends). */
    @Override
    public void close() {
        if (claimed.compareAndSet(false, true)) {
            cluster.started.whenComplete((ok, failed) -> cluster.closeAsync());
        }
    }

    /** A MiniCluster started by {@link #startNow} in the background; {@link #start} waits for that start. */
    private static final class Starting extends MiniCluster {
        private final CompletableFuture<Void> started = new CompletableFuture<>();

        Starting(MiniClusterConfiguration configuration) {
            super(configuration);
        }

        void startNow() {
            try {
                super.start();
                started.complete(null);
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        }

        @Override
        public void start() throws Exception {
            try {
                started.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }
}
