package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Flink job runs with {@code pipeline.generic-types: false}, so no type of it (records, stage state)
 * can fall back to Kryo unnoticed, and still gives the in-memory pipeline's summary byte for byte. Flink
 * throws for any type that would go through Kryo when the option is off
 * (apache/flink flink-core/src/main/java/org/apache/flink/configuration/PipelineOptions.java, GENERIC_TYPES).
 */
class NoGenericTypesITCase {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @Test
    void shouldRunTheJobWithGenericTypesDisabledToTheInMemorySummary() throws Exception {
        RunOptions options = RunOptions.defaults().withBootstrap(kafka.bootstrapServers()).withParallelism(2)
                .withTopicPrefix("nogeneric.");
        Path dir = Files.createTempDirectory("nogeneric");
        assertFalse(LocalRunner.environment(options, dir).getConfiguration().get(PipelineOptions.GENERIC_TYPES),
                "the job's environment disables generic types");
        for (String example : new String[] {"tiny-async.yaml", "tiny-sync.yaml"}) {
            var spec = Examples.load(example, "nogeneric");
            String flink = LocalRunner.run(spec, options.withTopicPrefix("nogeneric-" + example.replace(".yaml", "") + "."),
                    ProgressListener.NONE).summaryJson();
            assertEquals(new LocalPipeline(new CatalogParamsResolver(), -1).run(spec), flink, example);
        }
    }

    /** The option bites: keyed state of a type without a serializer of its own fails the job. */
    @Test
    void shouldFailAJobWhoseStateWouldGoThroughKryo() throws Exception {
        StreamExecutionEnvironment env = LocalRunner.environment(RunOptions.defaults().withParallelism(1),
                Files.createTempDirectory("nogeneric-kryo"));
        env.fromData(1L, 2L).keyBy(x -> x).process(new KeyedProcessFunction<Long, Long, Long>() {
            private transient ValueState<java.util.concurrent.atomic.AtomicLong> seen;

            @Override
            public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
                seen = getRuntimeContext().getState(
                        new ValueStateDescriptor<>("seen", java.util.concurrent.atomic.AtomicLong.class));
            }

            @Override
            public void processElement(Long x, Context ctx, Collector<Long> out) throws Exception {
                seen.update(new java.util.concurrent.atomic.AtomicLong(x));
                out.collect(x);
            }
        }).print();
        Exception e = assertThrows(Exception.class, env::execute);
        StringBuilder causes = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            causes.append(t.getMessage()).append('\n');
        }
        assertTrue(causes.toString().contains("Generic types have been disabled"), causes.toString());
    }
}
