package io.asyncrl.it.service;

import static io.asyncrl.it.service.ServiceCli.cli;
import static io.asyncrl.it.service.ServiceCli.stopQuietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.it.service.ServiceCli.CliResult;
import io.asyncrl.connectors.avro.AvroSerde;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.jobs.result.ExperimentFailedException;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.service.DeadLetterReader;
import io.asyncrl.jobs.service.ExperimentClient;
import io.asyncrl.jobs.service.FlinkSessionClient;
import io.asyncrl.jobs.service.LocalCluster;
import io.asyncrl.jobs.service.ServiceDeployer;
import io.asyncrl.jobs.spec.CostLimits;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.schemas.ClusterSpec;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.RoleSpec;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.SimEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's must-show on the real standalone cluster (the processes {@code asyncrl cluster start}
 * runs, the service deployed as {@code asyncrl deploy} does): the 10^9-device spec is refused at
 * submission; sent past a service whose admission bound is lifted, it fails alone with a StageFailure
 * (the stages' {@code ExperimentBudget}, first met by the prompts stage before it writes a prompt), while a good experiment submitted
 * with it gives its local run's summary; the job never restarts (Flink's numRestarts); and after a
 * redeploy (cancel, deploy again, as after {@code cluster stop/start/deploy}) nothing is replayed into
 * a loop; a TaskManager that dies is named by {@code watch} within seconds. Needs the job jar: {@code mvn -B -pl jobs -am install -DskipTests} first.
 */
class ServiceIsolationITCase {
    private static final String PREFIX = "iso.";
    private static final Duration WAIT = Duration.ofMinutes(3);
    /** The admission bound lifted: every limit at its largest. */
    private static final Map<String, String> LIFTED = liftedAdmission();

    private static Path home;
    private static LocalCluster cluster;
    private static String bootstrap;

    @BeforeAll
    static void startCluster() throws Exception {
        home = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        cluster = ServiceCli.startCluster(home, "service-isolation");
        log("cluster started");
        bootstrap = cluster.bootstrap();
    }

    private static Map<String, String> liftedAdmission() {
        Map<String, String> m = new HashMap<>();
        for (String key : CostLimits.DEFAULTS.toMap().keySet()) {
            m.put(key, Long.toString(Long.MAX_VALUE));
        }
        return m;
    }

    private static String deploy() throws Exception {
        long t0 = System.nanoTime();
        String id = ServiceDeployer.deploy(cluster.restUrl(), ServiceDeployer.defaultJar(home),
                new ServiceDeployer.Settings(bootstrap, PREFIX, 2, 2, 3_000L).withJobParameters(LIFTED));
        log("service job %s RUNNING in %.1f s", id, (System.nanoTime() - t0) / 1e9);
        return id;
    }

    @Test
    void shouldFailTheBillionDeviceExperimentAloneAndNeverRestartTheJob() throws Exception {
        ExperimentSpec good = SpecLoader.load(home.resolve("examples/tiny-async.yaml"), "iso-good");
        ExperimentSpec huge = ExperimentSpec.newBuilder(good).setId("iso-huge")
                .setCluster(ClusterSpec.newBuilder(good.getCluster()).setRollout(RoleSpec.newBuilder(
                        good.getCluster().getRollout()).setDevices(1_000_000_000).build()).build()).build();

        // Refused at submission, by the CLI's own bound.
        Path hugeSpec = Files.writeString(Files.createTempFile(home.resolve("integration-tests/target"), "huge-", ".yaml"),
                Files.readString(home.resolve("examples/tiny-async.yaml"))
                        .replace("rollout: {devices: 4, tp: 1}", "rollout: {devices: 1000000000, tp: 1}"));
        String jobId = deploy();
        CliResult refused = cli("submit", hugeSpec.toString(), "--bootstrap", bootstrap, "--topic-prefix", PREFIX);
        assertEquals(2, refused.exit(), refused.stderr());
        assertTrue(refused.stderr().contains("cluster.rollout.devices: 1000000000 devices at tp 1 make 1000000001 "
                + "rollout instances, over the limit of 100000"), refused.stderr());
        assertFalse(refused.stderr().contains("\tat "), refused.stderr());

        // Sent around the CLI to a service whose admission bound is lifted: admitted, it fails alone.
        ExperimentClient client = new ExperimentClient(bootstrap, PREFIX);
        client.submit(huge);
        client.submit(good);
        long t0 = System.nanoTime();
        ExperimentFailedException failed = assertThrows(ExperimentFailedException.class,
                () -> client.await("iso-huge", huge.getAlgorithm().getSteps(), WAIT, ProgressListener.NONE));
        log("the huge experiment failed alone in %.1f s: %s", (System.nanoTime() - t0) / 1e9, failed.getMessage());
        assertEquals("prompts", failed.stage(), "failed before a prompt was written");
        assertTrue(failed.getMessage().contains("(1000000000 rollout instances, "), failed.getMessage());
        assertTrue(failed.getMessage().contains("(asyncrl.guard.max-state-mb)"), failed.getMessage());
        log("refusal checked");
        RunResult result = client.await("iso-good", good.getAlgorithm().getSteps(), WAIT, ProgressListener.NONE);
        String local = new LocalPipeline(new CatalogParamsResolver(), -1).run(good);
        assertEquals(local, result.summaryJson(), "the good experiment's summary equals its local run");
        assertEquals(0, DeadLetterReader.readAll(bootstrap, PREFIX).size(), "the lifted bound admitted both");
        assertNeverRestarted(jobId);

        // A redeploy without a savepoint (what cluster stop, start and deploy amount to): the new job goes on from
        // the offsets the old one committed; neither experiment is admitted or run again, nothing comes back.
        try (FlinkSessionClient flink = new FlinkSessionClient(cluster.restUrl())) {
            // A checkpoint begun after both experiments ended commits their offsets: wait for two more to complete,
            // then until the committed offsets have reached Kafka (the source commits them after the checkpoint).
            JobID first = JobID.fromHexString(jobId);
            flink.awaitCompletedCheckpoints(first, flink.completedCheckpoints(first) + 2, WAIT);
            log("two more checkpoints completed");
            awaitOffsetsCommitted();
            log("offsets committed");
            flink.cancel(first);
        }
        String second = deploy();
        try (FlinkSessionClient flink = new FlinkSessionClient(cluster.restUrl())) {
            // Ten checkpoints of the new job: time for anything it replays to run and reach the summaries topic.
            log("the new job completed %d checkpoints", flink.awaitCompletedCheckpoints(JobID.fromHexString(second), 10,
                    WAIT));
        }
        assertNeverRestarted(second);
        Map<String, List<String>> summaries = summaries();
        log("summaries after the redeploy: %s", counts(summaries));
        assertEquals(1, summaries.get("iso-huge").size(), "the failure is not replayed: " + counts(summaries));
        assertEquals(List.of(local), summaries.get("iso-good"), "the good experiment is not run again");
        assertEquals(0, DeadLetterReader.readAll(bootstrap, PREFIX).size());
        assertEquals(3, cluster.processes().size(), "broker, JobManager and TaskManager still run");

        // The TaskManager dies: whoever follows an experiment is told within seconds, in one line, what to do.
        ProcessHandle taskManager = cluster.processes().get(2);
        taskManager.destroyForcibly();
        taskManager.onExit().join();
        ExperimentSpec next = SpecLoader.load(home.resolve("examples/tiny-sync.yaml"), "iso-after-tm-loss");
        client.submit(next);
        t0 = System.nanoTime();
        CliResult watched = cli("watch", "iso-after-tm-loss", "--bootstrap", bootstrap, "--topic-prefix", PREFIX,
                "--cluster-dir", cluster.dir().toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        log("watch after the TaskManager's death: exit %d in %.1f s: %s", watched.exit(), seconds, watched.stderr());
        assertEquals(1, watched.exit(), watched.stderr());
        assertTrue(watched.stderr().strip().endsWith("the Flink TaskManager (pid " + taskManager.pid() + ") of the "
                + "cluster in " + cluster.dir() + " has died (its log: " + cluster.dir().resolve("logs/taskmanager.log")
                + "); start it again with 'asyncrl cluster start --dir " + cluster.dir() + "' (the service job restores "
                + "its last checkpoint and the experiments carry on), then watch again"), watched.stderr());
        assertFalse(watched.stderr().contains("\tat ") || watched.stderr().contains("Exception"), watched.stderr());
        assertTrue(seconds < 30, "named within 30 s: " + seconds);

        // Doing what it says: cluster start starts the TaskManager alone, the job restores, the experiment ends.
        CliResult restarted = cli("cluster", "start", "--dir", cluster.dir().toString());
        assertEquals(0, restarted.exit(), restarted.stderr());
        log("cluster start brought the TaskManager back");
        assertEquals(3, cluster.processes().size(), "a new TaskManager next to the same broker and JobManager");
        RunResult after = client.await("iso-after-tm-loss", next.getAlgorithm().getSteps(), WAIT, ProgressListener.NONE);
        assertEquals(new LocalPipeline(new CatalogParamsResolver(), -1).run(next), after.summaryJson());
        log("the experiment submitted before the loss ended");
    }

    /**
     * Waits until every source of the service job (group {@code PREFIX + stage} for each topic the stage reads, as
     * {@code KafkaPipelineIo} names them) has committed, for every non-empty partition, the partition's end offset:
     * nothing consumed is left to replay after a redeploy. A source that never committed counts as behind.
     */
    private static void awaitOffsetsCommitted() throws Exception {
        Map<String, List<String>> reads = new HashMap<>();
        reads.put(PREFIX + "prompts", List.of(Topic.EXPERIMENTS.name(PREFIX)));
        for (PipelineGraph.Node n : PipelineGraph.STAGES) {
            reads.put(PREFIX + n.name(), n.inputs().stream().map(c -> Topic.valueOf(c.name()).name(PREFIX)).toList());
        }
        reads.put(PREFIX + "summary", List.of(Topic.valueOf(PipelineGraph.SUMMARY_INPUT.name()).name(PREFIX)));
        long deadline = System.nanoTime() + WAIT.toNanos();
        String behind = "";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (System.nanoTime() < deadline) {
                behind = "";
                for (var read : reads.entrySet()) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(read.getKey())
                            .partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (var d : admin.describeTopics(read.getValue()).allTopicNames().get().values()) {
                        d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()),
                                OffsetSpec.latest()));
                    }
                    var ends = admin.listOffsets(latest).all().get();
                    for (var tp : latest.keySet()) {
                        long end = ends.get(tp).offset();
                        OffsetAndMetadata c = committed.get(tp);
                        if (end > 0 && (c == null || c.offset() < end)) {
                            behind += " " + read.getKey() + "/" + tp + " at " + (c == null ? "none" : c.offset())
                                    + " of " + end;
                        }
                    }
                }
                if (behind.isEmpty()) {
                    return;
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError("committed offsets never reached the end of:" + behind);
    }

    private static void assertNeverRestarted(String jobId) throws Exception {
        try (FlinkSessionClient flink = new FlinkSessionClient(cluster.restUrl())) {
            JobID id = JobID.fromHexString(jobId);
            assertEquals("RUNNING", flink.jobStatus(id).name());
            assertEquals(0, flink.restarts(id), "the job never restarted");
        }
    }

    /** Every summary on the summaries topic by experiment id (failed ones included), in topic order. */
    private static Map<String, List<String>> summaries() {
        String topic = Topic.SUMMARIES.name(PREFIX);
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, List<String>> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    SimEvent e = AvroSerde.deserialize(topic, r.value(), SimEvent.class);
                    if (e.getKind() == EventKind.DATA && e.getPayload() instanceof RunSummary s) {
                        out.computeIfAbsent(e.getExperimentId(), k -> new ArrayList<>()).add(s.getJson());
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, Integer> counts(Map<String, List<String>> summaries) {
        Map<String, Integer> m = new HashMap<>();
        summaries.forEach((k, v) -> m.put(k, v.size()));
        return m;
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

    private static final long STARTED = System.nanoTime();

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[ServiceIsolationITCase %6.1f s] " + format + "%n",
                prepend((System.nanoTime() - STARTED) / 1e9, args));
    }
}
