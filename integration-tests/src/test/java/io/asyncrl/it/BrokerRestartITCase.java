package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.jobs.service.ClusterOptions;
import io.asyncrl.jobs.service.LocalCluster;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.local.LocalPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker (a standalone KRaft broker JVM with its data on disk) is restarted while a run is
 * in the middle of its training steps; the run completes with exactly the results of an undisturbed
 * run.
 */
class BrokerRestartITCase {
    @Test
    void shouldCompleteWithIdenticalResultsWhenTheBrokerRestartsMidRun() throws Exception {
        Path home = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path dir = Files.createTempDirectory(home.resolve("integration-tests/target"), "broker-restart-");
        LocalCluster broker = new LocalCluster(ClusterOptions.defaults(home).withDir(dir).withFreePorts());
        try {
            broker.startKafkaOnly();
            var spec = Examples.load("qwen2.5-1.5b-ppo-async-small.yaml", "broker-restart");
            CountDownLatch firstStep = new CountDownLatch(1);
            AtomicInteger steps = new AtomicInteger();
            CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return LocalRunner.run(spec, RunOptions.defaults().withBootstrap(broker.bootstrap())
                            .withCheckpointInterval(Duration.ofSeconds(1)), (s, n, w) -> {
                                steps.incrementAndGet();
                                firstStep.countDown();
                            }).summaryJson();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(firstStep.await(3, TimeUnit.MINUTES), "the run reached its first step");
            broker.restartKafka();
            int stepsAtRestart = steps.get();
            String summary = run.get(5, TimeUnit.MINUTES);
            System.out.printf("[broker-restart] broker restarted after %d of %d steps%n", stepsAtRestart,
                    spec.getAlgorithm().getSteps());
            assertEquals(new LocalPipeline(new CatalogParamsResolver(), -1).run(spec), summary);
        } finally {
            broker.stop();
        }
    }
}
