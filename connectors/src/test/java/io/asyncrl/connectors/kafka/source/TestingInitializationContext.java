package io.asyncrl.connectors.kafka.source;

import java.util.HashMap;
import java.util.Map;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/** An initialization context whose metric group remembers the counters registered on it. */
final class TestingInitializationContext implements DeserializationSchema.InitializationContext {

    final Map<String, Counter> counters = new HashMap<>();

    private final MetricGroup group = new UnregisteredMetricsGroup() {
        @Override
        public Counter counter(String name) {
            return counter(name, new SimpleCounter());
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            counters.put(name, counter);
            return counter;
        }
    };

    @Override
    public MetricGroup getMetricGroup() {
        return group;
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
        return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
    }
}
