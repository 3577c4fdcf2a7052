package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.connectors.kafka.EmbeddedKafka;
import io.asyncrl.connectors.kafka.SpecProducer;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.connectors.kafka.TopicAdmin;
import io.asyncrl.jobs.pipeline.AsyncRlPipeline;
import io.asyncrl.jobs.pipeline.KafkaPipelineIo;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.result.ResultCollector;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.operators.flink.FaultInjection;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.schemas.ExperimentSpec;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * Twenty experiments submitted back to back to one running pipeline job, with one task failure
 * injected in the middle: every experiment finishes with exactly its uninterrupted results, and the
 * job's checkpointed state returns to its size before the experiments (finished experiments' state
 * is cleared). Prints the state sizes.
 */
class SoakITCase {
    private static final int EXPERIMENTS = 20;
    /** How long after the last summary the checkpointed state has to come back to its baseline. */
    private static final Duration SETTLING = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldFinishEveryExperimentExactlyAndReturnStateToItsBaseline() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            String prefix = "soak.";
            TopicAdmin.ensureTopics(bootstrap, prefix, 3);
            List<ExperimentSpec> specs = new ArrayList<>();
            for (int i = 0; i < EXPERIMENTS; i++) {
                ExperimentSpec spec = Examples.load(i % 2 == 0 ? "tiny-async.yaml" : "tiny-one-step-off.yaml",
                        "soak-" + i);
                spec.setSeed(1000L + i);
                specs.add(spec);
            }
            int injectedBefore = FaultInjection.INJECTED.get();
            int restPort = 0;
            JobClient job = null;
            // The web UI's port is picked free and then bound by the MiniCluster; another process may
            // take it in between (CI saw "Could not create the DispatcherResourceManagerComponent"),
            // so a failed start is retried on a new port.
            for (int attempt = 1; job == null; attempt++) {
                restPort = freePort();
                RunOptions options = RunOptions.defaults().withBootstrap(bootstrap).withTopicPrefix(prefix)
                        .withCheckpointInterval(Duration.ofMillis(500)).withWebUi(true, restPort);
                var env = LocalRunner.environment(options, Files.createTempDirectory("soak-checkpoints"));
                new AsyncRlPipeline(new KafkaPipelineIo(bootstrap, prefix), new CatalogParamsResolver(),
                        new FaultInjection("trainer", 3_000_000L)).build(env);
                try {
                    job = env.executeAsync("asyncrl soak");
                } catch (Exception e) {
                    if (attempt == 3) {
                        throw e;
                    }
                    System.out.printf("[soak] the MiniCluster did not start on port %d (%s); trying another%n",
                            restPort, e.getMessage());
                }
            }
            try {
                String jobId = job.getJobID().toHexString();
                long baseline = checkpointAfter(restPort, jobId, 0);
                List<ResultCollector> collectors = new ArrayList<>();
                for (ExperimentSpec spec : specs) {
                    collectors.add(new ResultCollector(bootstrap, prefix, spec.getId()));
                    SpecProducer.send(bootstrap, Topic.EXPERIMENTS.name(prefix), spec);
                }
                Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
                String[] summaries = new String[EXPERIMENTS];
                int done = 0;
                while (done < EXPERIMENTS) {
                    assertTrue(Instant.now().isBefore(deadline), done + " of " + EXPERIMENTS + " finished in time");
                    for (int i = 0; i < EXPERIMENTS; i++) {
                        if (summaries[i] == null && collectors.get(i).poll(Duration.ofMillis(20),
                                specs.get(i).getAlgorithm().getSteps(), Duration.ZERO, ProgressListener.NONE)) {
                            summaries[i] = collectors.get(i).summary();
                            done++;
                        }
                    }
                }
                collectors.forEach(ResultCollector::close);
                // An experiment's summary is read once the checkpoint that commits it completes; a stage may free the
                // experiment's state on a record after that, later still on a loaded machine (verifies saw 137,185 and
                // 146,735 bytes in the checkpoints just after it, against the usual 67,662). So the state has SETTLING to
                // come back, checkpoint after checkpoint: a leak stays in all of them.
                long next = latestCompleted(restPort, jobId) + 1;
                long after = Long.MAX_VALUE;
                List<Long> sizes = new ArrayList<>();
                Instant settled = Instant.now().plus(SETTLING);
                while (after > baseline + 64L * 1024 && Instant.now().isBefore(settled)) {
                    long size = checkpointAfter(restPort, jobId, next);
                    next = latestCompleted(restPort, jobId) + 1;
                    sizes.add(size);
                    after = Math.min(after, size);
                }
                assertEquals(injectedBefore + 1, FaultInjection.INJECTED.get(), "one task failure was injected");
                for (int i = 0; i < EXPERIMENTS; i++) {
                    assertEquals(new LocalPipeline(new CatalogParamsResolver(), -1).run(specs.get(i)), summaries[i],
                            specs.get(i).getId());
                }
                System.out.printf("[soak] %d experiments, 1 injected failure: checkpointed state %d bytes before,"
                        + " %d bytes after (checkpoints after the last summary until it was: %s)%n", EXPERIMENTS, baseline,
                        after, sizes);
                // Only the per-experiment "expanded" marks (a boolean each) may remain.
                assertTrue(after <= baseline + 64L * 1024, "state returned to its baseline within " + SETTLING.toSeconds()
                        + " s: before " + baseline + " bytes, after " + sizes.size() + " checkpoints "
                        + sizes.subList(Math.max(0, sizes.size() - 4), sizes.size()) + " bytes (the last ones); the last by "
                        + "operator " + byOperator(restPort, jobId, latestCompleted(restPort, jobId)));
            } finally {
                job.cancel().get();
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private JsonNode checkpoints(int port, String jobId) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/jobs/" + jobId
                + "/checkpoints")).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    private long latestCompleted(int port, String jobId) throws Exception {
        JsonNode latest = checkpoints(port, jobId).path("latest").path("completed");
        return latest.isMissingNode() || latest.isNull() ? -1 : latest.path("id").asLong();
    }

    /** The state of checkpoint {@code id} by operator (vertex name: bytes), for a failure message. */
    private String byOperator(int port, String jobId, long id) throws Exception {
        JsonNode vertices = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/jobs/" + jobId)).build(), HttpResponse.BodyHandlers.ofString()).body()).path("vertices");
        JsonNode tasks = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/jobs/"
                + jobId + "/checkpoints/details/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("tasks");
        StringBuilder b = new StringBuilder("{");
        for (JsonNode v : vertices) {
            JsonNode t = tasks.path(v.path("id").asText());
            b.append(b.length() > 1 ? ", " : "").append(v.path("name").asText()).append(": ")
                    .append(t.path("state_size").asLong(t.path("checkpointed_size").asLong()));
        }
        return b.append('}').toString();
    }

    /** Waits for a completed checkpoint with id at least {@code minId}; returns its state size. */
    private long checkpointAfter(int port, String jobId, long minId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            JsonNode latest = checkpoints(port, jobId).path("latest").path("completed");
            if (!latest.isMissingNode() && !latest.isNull() && latest.path("id").asLong() >= minId) {
                return latest.path("state_size").asLong(latest.path("checkpointed_size").asLong());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no completed checkpoint with id >= " + minId);
    }
}
