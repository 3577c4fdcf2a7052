package io.asyncrl.it.service;

import static io.asyncrl.it.service.ServiceCli.cli;
import static io.asyncrl.it.service.ServiceCli.startCluster;
import static io.asyncrl.it.service.ServiceCli.stopQuietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.it.service.ServiceCli.CliResult;
import io.asyncrl.connectors.kafka.SpecProducer;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.result.RunOutputs;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.service.DeadLetterReader;
import io.asyncrl.jobs.service.DeadLetterReader.Refused;
import io.asyncrl.jobs.service.ExperimentClient;
import io.asyncrl.jobs.service.FlinkSessionClient;
import io.asyncrl.jobs.service.LocalCluster;
import io.asyncrl.jobs.service.ServiceDeployer;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.schemas.ClusterSpec;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.RoleSpec;
import io.asyncrl.schemas.ModelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production path end to end on this machine: a real standalone Flink session cluster
 * (JobManager and TaskManager JVMs) and a standalone KRaft broker, the service job deployed from
 * the job jar through Flink's REST API, and experiments submitted as Kafka records. Needs the job
 * jar: {@code mvn -B -pl jobs -am install -DskipTests} first.
 */
class ServiceClusterITCase {
    private static final String PREFIX = "it.";
    private static final Duration WAIT = Duration.ofMinutes(3);

    private static Path home;
    private static LocalCluster cluster;
    private static String bootstrap;
    private static String jobId;

    @BeforeAll
    static void startClusterAndDeploy() throws Exception {
        home = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        long t0 = System.nanoTime();
        cluster = startCluster(home, "service-cluster");
        bootstrap = cluster.bootstrap();
        log("cluster up in %.1f s (%s, %s)", (System.nanoTime() - t0) / 1e9, cluster.restUrl(), bootstrap);
        t0 = System.nanoTime();
        jobId = ServiceDeployer.deploy(cluster.restUrl(), ServiceDeployer.defaultJar(home),
                new ServiceDeployer.Settings(bootstrap, PREFIX, 2, 2, 5_000L));
        log("service job %s RUNNING in %.1f s", jobId, (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void shouldRecoverWhenTheTaskManagerIsLostMidRun() throws Exception {
        ExperimentSpec spec = SpecLoader.load(
                home.resolve("examples/qwen2.5-1.5b-ppo-async-small.yaml"), "it-tm-loss");
        new ExperimentClient(bootstrap, PREFIX).submit(spec);
        try (var results = new io.asyncrl.jobs.result.ResultCollector(bootstrap, PREFIX, spec.getId())) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (results.steps().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the experiment reached its first step");
                results.poll(Duration.ofMillis(200), spec.getAlgorithm().getSteps(),
                        Duration.ZERO, ProgressListener.NONE);
            }
            long t0 = System.nanoTime();
            cluster.replaceTaskManager();
            log("TaskManager killed after %d of %d steps; a new one started within %.1f s", results.steps().size(),
                    spec.getAlgorithm().getSteps(), (System.nanoTime() - t0) / 1e9);
            while (!results.poll(Duration.ofMillis(500), spec.getAlgorithm().getSteps(),
                    Duration.ZERO, ProgressListener.NONE)) {
                assertTrue(System.nanoTime() < deadline, "the experiment finished after the TaskManager loss");
            }
            assertEquals(new LocalPipeline(new CatalogParamsResolver(), -1).run(spec), results.summary());
        }
        assertEquals("RUNNING", jobState(jobId));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (cluster == null) {
            return;
        }
        List<ProcessHandle> started = cluster.processes();
        log("stopped %s", cluster.stop());
        for (ProcessHandle p : started) {
            assertFalse(p.isAlive(), "process " + p.pid() + " still runs after cluster stop");
        }
    }

    @Test
    void shouldRunSubmittedExperimentsLikeALocalRunAndDeadLetterInvalidOnes() throws Exception {
        ExperimentSpec async = SpecLoader.load(home.resolve("examples/tiny-async.yaml"), "it-async");
        ExperimentSpec sync = SpecLoader.load(home.resolve("examples/tiny-sync.yaml"), "it-sync");
        ExperimentClient client = new ExperimentClient(bootstrap, PREFIX);

        // The bad records go first: the experiments behind them must not be held up.
        produceRaw("it-garbage", new byte[] {(byte) 0xff, (byte) 0xfe, 0x01, 0x02, 0x03});
        ExperimentSpec unknownModel = ExperimentSpec.newBuilder(sync).setId("it-unknown-model")
                .setModel(ModelSpec.newBuilder(sync.getModel()).setName("no-such-model").build()).build();
        SpecProducer.send(bootstrap, Topic.EXPERIMENTS.name(PREFIX), unknownModel);
        // Issue 16: passes every field check, but 10^9 rollout instances would exhaust the TaskManager's heap
        // and restart the job forever. The CLI refuses it; sent around the CLI, admission dead-letters it.
        ExperimentSpec huge = ExperimentSpec.newBuilder(async).setId("it-huge")
                .setCluster(ClusterSpec.newBuilder(async.getCluster()).setRollout(RoleSpec.newBuilder(
                        async.getCluster().getRollout()).setDevices(1_000_000_000).build()).build()).build();
        SpecProducer.send(bootstrap, Topic.EXPERIMENTS.name(PREFIX), huge);
        Path hugeSpec = Files.writeString(Files.createTempFile(home.resolve("integration-tests/target"), "huge-", ".yaml"),
                Files.readString(home.resolve("examples/tiny-async.yaml"))
                        .replace("rollout: {devices: 4, tp: 1}", "rollout: {devices: 1000000000, tp: 1}"));
        CliResult hugeRefused = cli("submit", hugeSpec.toString(), "--bootstrap", bootstrap, "--topic-prefix", PREFIX);
        assertEquals(2, hugeRefused.exit(), hugeRefused.stderr());
        assertTrue(hugeRefused.stderr().contains("cluster.rollout.devices: 1000000000 devices at tp 1 make 1000000001 "
                + "rollout instances, over the limit of 100000"), hugeRefused.stderr());
        client.submit(async);
        CliResult submitted = cli("submit", home.resolve("examples/tiny-sync.yaml").toString(),
                "--bootstrap", bootstrap, "--topic-prefix", PREFIX, "--id", "it-sync");
        assertEquals(0, submitted.exit(), submitted.stderr());
        assertEquals("it-sync\n", submitted.stdout(), "submit prints only the experiment id on stdout");

        long t0 = System.nanoTime();
        RunResult asyncResult = client.await("it-async", async.getAlgorithm().getSteps(), WAIT, ProgressListener.NONE);
        RunResult syncResult = client.await("it-sync", sync.getAlgorithm().getSteps(), WAIT, ProgressListener.NONE);
        log("both summaries in %.1f s", (System.nanoTime() - t0) / 1e9);

        assertEquals(new LocalPipeline(new CatalogParamsResolver(), -1).run(async), asyncResult.summaryJson());
        assertEquals(new LocalPipeline(new CatalogParamsResolver(), -1).run(sync), syncResult.summaryJson());
        assertEquals(async.getAlgorithm().getSteps(), asyncResult.steps().size());
        assertFalse(asyncResult.trajectories().isEmpty());

        List<Refused> dead = DeadLetterReader.readAll(bootstrap, PREFIX);
        Refused garbage = only(dead, "it-garbage");
        assertTrue(garbage.reason().startsWith("not an ExperimentSpec record"), garbage.reason());
        assertEquals(5, garbage.value().length, "the original bytes are kept");
        Refused invalid = only(dead, "it-unknown-model");
        assertTrue(invalid.reason().startsWith("invalid spec: model"), invalid.reason());
        assertTrue(invalid.reason().contains("no-such-model"), invalid.reason());
        Refused tooCostly = only(dead, "it-huge");
        assertTrue(tooCostly.reason().startsWith("invalid spec: cluster.rollout.devices: 1000000000 devices at tp 1 make "
                + "1000000001 rollout instances, over the limit of 100000 (asyncrl.admission.max-rollout-instances)"),
                tooCostly.reason());
        assertEquals(3, dead.size(), "only the three bad records are dead letters: " + dead);

        // The CLI's watch prints the summary table; fetch writes what a local run writes.
        CliResult watched = cli("watch", "it-async", "--bootstrap", bootstrap, "--topic-prefix", PREFIX);
        assertEquals(0, watched.exit(), watched.stderr());
        assertTrue(watched.stdout().contains("training steps     4"), watched.stdout());
        CliResult refused = cli("watch", "it-unknown-model", "--bootstrap", bootstrap, "--topic-prefix", PREFIX);
        assertEquals(1, refused.exit());
        assertTrue(refused.stderr().contains("no-such-model"), refused.stderr());
        Path out = Files.createTempDirectory(home.resolve("integration-tests/target"), "fetch-");
        CliResult fetched = cli("fetch", "it-sync", "--bootstrap", bootstrap, "--topic-prefix", PREFIX,
                "--out", out.toString());
        assertEquals(0, fetched.exit(), fetched.stderr());
        assertEquals(syncResult.summaryJson(), Files.readString(out.resolve(RunOutputs.SUMMARY)));
        assertTrue(Files.size(out.resolve(RunOutputs.STEPS)) > 0);
        assertTrue(Files.size(out.resolve(RunOutputs.TRAJECTORIES)) > 0);

        assertEquals("RUNNING", jobState(jobId));
        assertEquals(3, cluster.processes().size(), "broker, JobManager and TaskManager still run");
    }

    private static Refused only(List<Refused> dead, String key) {
        List<Refused> matching = dead.stream().filter(r -> key.equals(r.key())).toList();
        assertEquals(1, matching.size(), "dead letters for " + key + ": " + dead);
        return matching.get(0);
    }

    private static void produceRaw(String key, byte[] value) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topic.EXPERIMENTS.name(PREFIX), key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("[ServiceClusterITCase] " + format + "%n", args);
    }

    private String jobState(String jobId) throws Exception {
        try (FlinkSessionClient flink = new FlinkSessionClient(cluster.restUrl())) {
            return flink.jobStatus(org.apache.flink.api.common.JobID.fromHexString(jobId)).name();
        }
    }
}
