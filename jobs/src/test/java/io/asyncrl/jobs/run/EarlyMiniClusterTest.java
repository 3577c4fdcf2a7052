package io.asyncrl.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

class EarlyMiniClusterTest {

    private static Configuration base() {
        Configuration c = new Configuration();
        c.set(PipelineOptions.GENERIC_TYPES, false);
        return c;
    }

    /** What the environment of {@code EarlyMiniCluster.start(conf, parallelism)} runs with. */
    private static Configuration localEnvironment(Configuration conf, int parallelism) {
        Configuration env = new Configuration(conf);
        env.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        env.set(DeploymentOptions.TARGET, "local");
        env.set(DeploymentOptions.ATTACHED, true);
        return env;
    }

    @Test
    void runsTheJobOnTheClusterStartedBeforeItEvenWithJobSettingsAddedAfterwards() throws Exception {
        try (EarlyMiniCluster early = EarlyMiniCluster.start(base(), 2)) {
            StreamExecutionEnvironment env = early.environment();
            assertEquals(2, env.getParallelism());
            // a job-level setting added after the start, as the pipeline adds its buffer timeout
            env.setBufferTimeout(0);
            List<Integer> doubled = new ArrayList<>();
            try (CloseableIterator<Integer> it = env.fromData(1, 2, 3, 4).map(x -> 2 * x).executeAndCollect()) {
                it.forEachRemaining(doubled::add);
            }
            doubled.sort(Integer::compare);
            assertEquals(List.of(2, 4, 6, 8), doubled);
            assertTrue(early.handedOver(), "the job must run on the cluster started before it");
        }
    }

    @Test
    void handsOverOnlyWhatWasStartedAndOnlyOnce() throws Exception {
        Configuration conf = base();
        try (EarlyMiniCluster early = EarlyMiniCluster.start(conf, 2)) {
            Configuration env = localEnvironment(conf, 2);

            Configuration added = new Configuration(env);
            added.setString("execution.buffer-timeout", "0 ms");
            assertTrue(early.matches(EarlyMiniCluster.clusterConfiguration(added, 2)), "an added job setting");

            assertFalse(early.matches(EarlyMiniCluster.clusterConfiguration(env, 3)), "3 slots wanted, 2 started");

            Configuration changed = new Configuration(env);
            changed.set(PipelineOptions.GENERIC_TYPES, true);
            assertFalse(early.matches(EarlyMiniCluster.clusterConfiguration(changed, 2)), "a changed value");

            Configuration twoManagers = new Configuration(env);
            twoManagers.set(TaskManagerOptions.MINI_CLUSTER_NUM_TASK_MANAGERS, 2);
            assertFalse(early.matches(EarlyMiniCluster.clusterConfiguration(twoManagers, 2)), "two task managers");

            // the job asking for it gets the started cluster once; a second ask gets a new one
            MiniCluster first = early.clusterFor(EarlyMiniCluster.clusterConfiguration(env, 2));
            first.start();
            assertTrue(first.isRunning());
            assertTrue(early.handedOver());
            MiniCluster second = early.clusterFor(EarlyMiniCluster.clusterConfiguration(env, 2));
            assertNotSame(first, second);
            assertFalse(second.isRunning());
            first.close();
        }
        try (EarlyMiniCluster early = EarlyMiniCluster.start(conf, 2)) {
            Configuration env = localEnvironment(conf, 2);
            // a job asking for another cluster gets a new one, and the early one goes to nobody after that
            MiniCluster other = early.clusterFor(EarlyMiniCluster.clusterConfiguration(env, 3));
            assertFalse(other.isRunning());
            assertFalse(early.handedOver());
            assertFalse(early.clusterFor(EarlyMiniCluster.clusterConfiguration(env, 2)).isRunning());
        }
    }
}
