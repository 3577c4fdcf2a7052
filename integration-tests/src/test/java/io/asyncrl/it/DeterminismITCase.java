package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.local.LocalPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Same spec and seed, byte-identical summary: at parallelism 1 and 2, with 1 and 3 partitions per
 * topic, and equal to the in-memory pipeline (whose result is itself independent of delivery order).
 */
class DeterminismITCase {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private String run(String example, int parallelism, int partitions) throws Exception {
        return run(Examples.load(example, "determinism"), example, parallelism, partitions);
    }

    private String run(io.asyncrl.schemas.ExperimentSpec spec, String example, int parallelism, int partitions)
            throws Exception {
        RunOptions options = RunOptions.defaults().withBootstrap(kafka.bootstrapServers())
                .withParallelism(parallelism).withPartitions(partitions)
                .withTopicPrefix("det-p" + parallelism + "-n" + partitions + "-" + example.replace(".yaml", "") + ".");
        return LocalRunner.run(spec, options, ProgressListener.NONE).summaryJson();
    }

    @Test
    void shouldGiveIdenticalSummariesAtAnyParallelismAndPartitioning() throws Exception {
        String p1 = run("tiny-async.yaml", 1, 1);
        String p2 = run("tiny-async.yaml", 2, 3);
        assertEquals(p1, p2);
        var spec = Examples.load("tiny-async.yaml", "determinism");
        assertEquals(new LocalPipeline(new CatalogParamsResolver(), -1).run(spec), p1);
    }

    @Test
    void shouldMatchTheInMemoryPipelineInEveryMode() throws Exception {
        for (String example : new String[] {"tiny-sync.yaml", "tiny-one-step-off.yaml"}) {
            var spec = Examples.load(example, "determinism");
            assertEquals(new LocalPipeline(new CatalogParamsResolver(), 7).run(spec), run(example, 2, 1), example);
        }
        // Streaming minibatches change when the trainer may publish: its lookahead must still hold on Flink.
        var streamed = Examples.load("tiny-async.yaml", "determinism");
        streamed.getAsync().setStreaming(true);
        String flink = run(streamed, "tiny-async-streaming.yaml", 2, 1);
        assertEquals(new LocalPipeline(new CatalogParamsResolver(), 7).run(streamed), flink, "tiny-async with streaming");
        assertTrue(flink.contains("\"streaming\": true"), flink);
    }
}
