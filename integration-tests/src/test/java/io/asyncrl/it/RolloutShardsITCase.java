package io.asyncrl.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.connectors.kafka.SimEventConsumer;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.operators.flink.FaultInjection;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.FrameworkSpec;
import io.asyncrl.schemas.SimEvent;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One experiment's rollout split over subtasks on Flink and Kafka: the summary equals the unsplit
 * in-memory pipeline's, and the trajectories topic shows the shards that wrote it.
 */
class RolloutShardsITCase {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @Test
    void shouldGiveTheUnsplitSummaryWithTheRolloutOnSeveralSubtasks() throws Exception {
        check("tiny-sync.yaml", 2, Set.of("rollout[0/2]", "rollout[1/2]"));
        check("tiny-one-step-off.yaml", 3, Set.of("rollout[0/3]", "rollout[1/3]", "rollout[2/3]"));
        // Async mode with least-queued dispatch cannot be split: one shard takes the experiment, the other stays idle.
        check("tiny-async.yaml", 2, Set.of("rollout"));
        // Under AReaL's round-robin dispatch each instance admits its own groups, so async mode splits too.
        ExperimentSpec areal = Examples.load("tiny-async.yaml", "shards");
        areal.setFramework(new FrameworkSpec("areal", Map.of()));
        check(areal, "tiny-async-areal", 3, Set.of("rollout[0/3]", "rollout[1/3]", "rollout[2/3]"));
    }

    @Test
    void shouldRecoverAFailedShardToTheUninterruptedSummary() throws Exception {
        ExperimentSpec spec = Examples.load("tiny-sync.yaml", "shards-recovery");
        // 40 steps and 100 ms checkpoints, as RecoveryITCase: the injected failure waits for a completed checkpoint.
        spec.getAlgorithm().setSteps(40);
        String reference = new LocalPipeline(new CatalogParamsResolver(), -1).run(spec);
        double simulated = new ObjectMapper().readTree(reference).get("simulated_seconds").asDouble();
        int before = FaultInjection.INJECTED.get();
        RunOptions options = RunOptions.defaults().withBootstrap(kafka.bootstrapServers()).withParallelism(2)
                .withRolloutShards(2).withTopicPrefix("shards-recovery.").withCheckpointInterval(Duration.ofMillis(100))
                .withFault(new FaultInjection("rollout", (long) (simulated * 1e6 * 0.4)));
        String recovered = LocalRunner.run(spec, options, ProgressListener.NONE).summaryJson();
        assertThat(FaultInjection.INJECTED.get()).as("a rollout shard failed once").isEqualTo(before + 1);
        assertThat(recovered).isEqualTo(reference);
    }

    private void check(String example, int shards, Set<String> producers) throws Exception {
        check(Examples.load(example, "shards"), example.replace(".yaml", ""), shards, producers);
    }

    private void check(ExperimentSpec spec, String example, int shards, Set<String> producers) throws Exception {
        String prefix = "shards-" + shards + "-" + example + ".";
        RunOptions options = RunOptions.defaults().withBootstrap(kafka.bootstrapServers()).withParallelism(2)
                .withRolloutShards(shards).withTopicPrefix(prefix);
        String flink = LocalRunner.run(spec, options, ProgressListener.NONE).summaryJson();
        assertThat(flink).as(example).isEqualTo(new LocalPipeline(new CatalogParamsResolver(), -1).run(spec));
        assertThat(trajectoryProducers(Topic.TRAJECTORIES.name(prefix))).as(example).isEqualTo(producers);
    }

    private static Set<String> trajectoryProducers(String topic) {
        Set<String> producers = new TreeSet<>();
        try (SimEventConsumer c = new SimEventConsumer(kafka.bootstrapServers(), topic)) {
            while (!c.caughtUp()) {
                for (SimEvent e : c.poll(Duration.ofSeconds(1))) {
                    producers.add(e.getProducer());
                }
            }
        }
        return producers;
    }
}
