package io.asyncrl.jobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.asyncrl.connectors.ConnectorOptions;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ParameterTool;
import io.asyncrl.jobs.spec.CostLimits;
import org.junit.jupiter.api.Test;

class ServiceJobSettingsTest {

    @Test
    void shouldPreferProgramArgumentsOverFlinkConfiguration() {
        Configuration conf = new Configuration();
        conf.set(ConnectorOptions.BOOTSTRAP_SERVERS, "conf:9092");
        conf.set(ConnectorOptions.TOPIC_PREFIX, "conf.");
        ServiceJob.Settings s = ServiceJob.Settings.of(ParameterTool.fromArgs(new String[] {
                "--bootstrap", "args:9092", "--topic-prefix", "args.", "--partitions", "5", "--parallelism", "3",
                "--checkpoint-interval-ms", "0", "--asyncrl.admission.max-state-mb", "1024",
                "--asyncrl.guard.max-state-mb", "64"}), conf);

        CostLimits limits = CostLimits.from(java.util.Map.of(CostLimits.MAX_STATE_MB, "1024")::get);
        assertEquals(new ServiceJob.Settings("args:9092", "args.", 5, 3, Duration.ZERO, limits,
                java.util.Map.of("asyncrl.guard.max-state-mb", "64")), s);
    }

    @Test
    void shouldFallBackToFlinkConfigurationThenDefaults() {
        Configuration conf = new Configuration();
        conf.set(ConnectorOptions.BOOTSTRAP_SERVERS, "conf:9092");
        conf.setString(CostLimits.MAX_ROLLOUT_INSTANCES, "64");
        ServiceJob.Settings s = ServiceJob.Settings.of(ParameterTool.fromArgs(new String[0]), conf);

        CostLimits limits = CostLimits.from(java.util.Map.of(CostLimits.MAX_ROLLOUT_INSTANCES, "64")::get);
        assertEquals(new ServiceJob.Settings("conf:9092", "asyncrl.", 3, -1, Duration.ofSeconds(10), limits,
                java.util.Map.of()), s);

        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(30),
                ServiceJob.Settings.of(ParameterTool.fromArgs(new String[0]), conf).checkpointInterval());
    }

    @Test
    void shouldRefuseABadGuardLimitBeforeTheJobStarts() {
        Configuration conf = new Configuration();
        conf.set(ConnectorOptions.BOOTSTRAP_SERVERS, "conf:9092");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceJob.Settings.of(
                ParameterTool.fromArgs(new String[] {"--asyncrl.guard.max-events", "many"}), conf));
        assertEquals("asyncrl.guard.max-events must be a positive integer, got 'many'", e.getMessage());
    }

    @Test
    void shouldRefuseToStartWithoutKafka() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceJob.Settings.of(ParameterTool.fromArgs(new String[0]), new Configuration()));
        assertEquals("the service job needs Kafka: pass --bootstrap HOST:PORT or set asyncrl.kafka.bootstrap-servers",
                e.getMessage());
    }
}
