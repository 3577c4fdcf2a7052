package io.asyncrl.jobs.run;

import io.asyncrl.jobs.service.ClusterOptions;
import io.asyncrl.jobs.service.Home;
import io.asyncrl.jobs.service.LocalCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.io.PrintStream;
import io.asyncrl.connectors.kafka.SpecProducer;
import io.asyncrl.schemas.ExperimentSpec;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;

/**
 * What `asyncrl run --out DIR` keeps in {@code DIR/.asyncrl} while it runs, so that a run whose process
 * was killed resumes when started again with the same spec: a standalone KRaft broker whose data
 * lives there (a broker left running by the killed process is reused), the retained checkpoints, and
 * the id of the experiment ({@code experiment}, written first) and, once the broker acknowledged the
 * experiment's record, {@code submitted}: a run interrupted before that submits it again (after
 * checking the topic), one interrupted after it resumes. On success everything is stopped and removed.
 */
final class ResumableRun implements AutoCloseable {
    private static final String SUBMITTED = "submitted";

    private final Path dir;
    private final LocalCluster broker;
    private final boolean resuming;
    private final String experimentId;
    private boolean completed;
    /** The broker was launched by {@link #open} and not yet seen to accept connections. */
    private boolean launched;
    /** The broker's stop when {@link #stopBrokerInBackground} started it. */
    private volatile FutureTask<Void> stopping;

    private ResumableRun(Path dir, LocalCluster broker, boolean resuming, String experimentId, boolean launched) {
        this.dir = dir;
        this.broker = broker;
        this.resuming = resuming;
        this.experimentId = experimentId;
        this.launched = launched;
    }

    static ResumableRun open(Path outDir, String experimentId) throws IOException, InterruptedException {
        Path dir = outDir.toAbsolutePath().resolve(".asyncrl");
        Path marker = dir.resolve("experiment");
        boolean resuming = Files.isRegularFile(marker)
                && Files.readString(marker, StandardCharsets.UTF_8).equals(experimentId);
        ClusterOptions options = ClusterOptions.defaults(Home.detect()).withDir(dir.resolve("broker"))
                .withFreePorts().withSavedPorts();
        LocalCluster broker = new LocalCluster(options);
        if (!resuming && Files.exists(dir)) {
            broker.stop();
            deleteRecursively(dir);
            broker = new LocalCluster(options.withFreePorts());
        }
        Files.createDirectories(dir);
        Files.writeString(marker, experimentId, StandardCharsets.UTF_8);
        if (broker.stopping()) {
            // an earlier process was killed while it stopped this broker: see the stop through, then start afresh
            broker.stop();
        }
        boolean launched = !broker.kafkaRunning();
        if (launched) {
            broker.launchKafkaOnly();
        }
        return new ResumableRun(dir, broker, resuming, experimentId, launched);
    }

    /**
     * Waits until the broker {@link #open} launched accepts connections (at once when it found the broker running):
     * the run builds its job meanwhile, and calls this before it first talks to the broker.
     */
    synchronized void awaitBroker() throws IOException, InterruptedException {
        if (launched) {
            broker.awaitKafka();
            launched = false;
        }
    }

    String bootstrap() {
        return broker.bootstrap();
    }

    /**
     * True when this experiment is known to be on the experiments topic: the "submitted" marker,
     * written only after the broker acknowledged the send.
     */
    boolean submitted() throws IOException {
        Path marker = dir.resolve(SUBMITTED);
        return Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(experimentId);
    }

    /**
     * Sends the experiment unless it was sent before: after the marker, or, when an earlier run was
     * interrupted between the acknowledgement and the marker, when the topic already holds it.
     * Prints which when resuming.
     */
    void submitOnce(String topic, ExperimentSpec spec, PrintStream err) throws IOException {
        if (submitted()) {
            return;
        }
        if (resuming && SubmittedRecords.contains(bootstrap(), topic, spec.getId())) {
            err.println("asyncrl: the earlier run was interrupted just after it submitted " + spec.getId()
                    + "; not submitting it again");
        } else {
            if (resuming) {
                err.println("asyncrl: the earlier run was interrupted before it submitted " + spec.getId()
                        + "; submitting it now (a fresh start)");
            }
            CrashPoints.reached(CrashPoints.BEFORE_SUBMIT);
            SpecProducer.send(bootstrap(), topic, spec);
            CrashPoints.reached(CrashPoints.DURING_SUBMIT);
        }
        Path tmp = dir.resolve(SUBMITTED + ".tmp");
        Files.writeString(tmp, experimentId, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(SUBMITTED), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        CrashPoints.reached(CrashPoints.BEFORE_FIRST_CHECKPOINT);
    }

    /**
     * Throws when the run's broker has died (killed, out of memory, its disk full): named in one line
     * with what to do, instead of the Kafka clients retrying for minutes.
     */
    void checkBroker() {
        if (broker.processes().isEmpty()) {
            throw new IllegalStateException("the run's Kafka broker has died (see " + broker.dir().resolve("logs/kafka.log")
                    + "); run the same command again to resume from the last checkpoint");
        }
    }

    /** Stops the broker (its data stays): what an interrupted run leaves, for the next run to resume. */
    void stopBroker() throws InterruptedException {
        FutureTask<Void> stop = stopping;
        if (stop == null) {
            broker.stop();
            return;
        }
        try {
            stop.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("stopping the run's broker failed", e.getCause());
        }
    }

    /** True when an earlier run of the same experiment was interrupted here: do not submit it again. */
    boolean resuming() {
        return resuming;
    }

    Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    /** The newest completed checkpoint (a chk-N folder with its _metadata), if any. */
    Optional<Path> latestCheckpoint() throws IOException {
        if (!Files.isDirectory(checkpoints())) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(checkpoints(), 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .max(Comparator.comparingLong(ResumableRun::checkpointNumber)
                            .thenComparing(p -> p.toFile().lastModified()));
        }
    }

    private static long checkpointNumber(Path chk) {
        return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
    }

    /**
     * Starts stopping the broker on its own thread (a controlled shutdown takes about a second), so the caller
     * can write the run's files meanwhile; {@link #completed} and {@link #close} wait for it.
     */
    void stopBrokerInBackground() {
        FutureTask<Void> stop = new FutureTask<>(() -> {
            broker.stop();
            return null;
        });
        Thread t = new Thread(stop, "asyncrl-stop-broker");
        t.setDaemon(true);
        t.start();
        stopping = stop;
    }

    /** Stops the broker (or waits for {@link #stopBrokerInBackground}) and removes the run's state. */
    void completed() throws IOException, InterruptedException {
        stopBroker();
        deleteRecursively(dir);
        completed = true;
    }

    /** A failed (not killed) run stops its broker; its data stays, so running again resumes. */
    @Override
    public void close() throws InterruptedException {
        if (!completed) {
            stopBroker();
        }
    }

    private static void deleteRecursively(Path d) throws IOException {
        if (!Files.exists(d)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(d)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
