package io.asyncrl.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The summary operator's per-experiment gauges, read the way Prometheus reads them: a MiniCluster with Flink's
 * Prometheus reporter configured by the keys the k8s manifests set, scraped over HTTP while the job runs.
 */
class ExperimentMetricsTest {
    private static final int PORT = freePort();
    /** Holds the job open (its last record waits here) until the gauges have been read: an ended job drops them. */
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final String SENTINEL = "sentinel";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(prometheus()).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** The reporter settings of k8s/flink-session-cluster.yaml, on a free port range of this machine. */
    private static Configuration prometheus() {
        Configuration c = new Configuration();
        c.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        c.setString("metrics.reporter.prom.port", PORT + "-" + (PORT + 9));
        return c;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldExposeEachExperimentsProgressAsPrometheusGauges() throws Exception {
        ExperimentSpec spec = TestingSpecs.tinySplit(AsyncMode.ASYNC, 2, false, 3);
        LocalPipeline local = new LocalPipeline(new CatalogParamsResolver(), -1);
        JsonNode summary = new ObjectMapper().readTree(local.run(spec));
        List<SimEvent> records = new ArrayList<>(local.metrics());
        records.add(SimEvent.newBuilder().setExperimentId(SENTINEL).setKind(EventKind.WATERMARK).setTimeUs(0).build());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(new AvroTypeInfo<>(SimEvent.class), records.toArray(new SimEvent[0]))
                .map(new HoldOnSentinel()).returns(new AvroTypeInfo<>(SimEvent.class))
                .keyBy(SimEvent::getExperimentId)
                .process(new SummaryFunction()).returns(new AvroTypeInfo<>(SimEvent.class))
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("experiment-metrics");
        try {
            // the reporter replaces characters of label values outside [a-zA-Z0-9:_] with _ (its default filter)
            String label = spec.getId().replaceAll("[^a-zA-Z0-9:_]", "_");
            Map<String, Double> gauges = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (gauges.getOrDefault("steps_done", -1.0) != summary.path("steps").asDouble()) {
                assertTrue(System.nanoTime() < deadline, "gauges not scraped within 90 s: " + gauges);
                Thread.sleep(200);
                gauges = scrape(label, job.getJobID().toHexString());
            }
            // the finished run's summary, from the same records
            assertEquals(summary.path("simulated_seconds").asDouble(), gauges.get("simulated_seconds"), 1e-9);
            assertEquals(summary.path("trained_tokens_per_second").asDouble(), gauges.get("trained_tokens_per_second"),
                    1e-6 * summary.path("trained_tokens_per_second").asDouble());
        } finally {
            RELEASE.countDown();
        }
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
    }

    /**
     * The asyncrl gauges of one experiment of this test's job on any of the reporter's ports (JobManager and TaskManager
     * each take one). Only series labelled with the job's id count: the range is scanned, and another process of the
     * machine may serve the same experiment's gauges on a port in it.
     */
    private static Map<String, Double> scrape(String experiment, String jobId) {
        Pattern line = Pattern.compile("^flink_taskmanager_job_task_operator_asyncrl_experiment_(\\w+)\\{"
                + "(?=[^}]*experiment=\"" + Pattern.quote(experiment) + "\")"
                + "(?=[^}]*job_id=\"" + Pattern.quote(jobId) + "\")"
                + "[^}]*\\}\\s+(\\S+)$", Pattern.MULTILINE);
        Map<String, Double> found = new HashMap<>();
        for (int port = PORT; port <= PORT + 9; port++) {
            String text;
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + port + "/metrics").toURL()
                        .openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                try (InputStream in = c.getInputStream()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                continue;
            }
            Matcher m = line.matcher(text);
            while (m.find()) {
                found.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        return found;
    }

    /** Passes records on; the sentinel waits for {@link #RELEASE}, which keeps the job (and its gauges) alive. */
    static final class HoldOnSentinel implements MapFunction<SimEvent, SimEvent> {
        @Override
        public SimEvent map(SimEvent e) throws Exception {
            if (SENTINEL.equals(e.getExperimentId())) {
                RELEASE.await(120, TimeUnit.SECONDS);
            }
            return e;
        }
    }
}
