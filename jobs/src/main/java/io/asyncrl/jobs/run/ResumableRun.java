package io.asyncrl.jobs.run;

import io.asyncrl.jobs.service.ClusterOptions;
import io.asyncrl.jobs.service.Home;
import io.asyncrl.jobs.service.LocalCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What `asyncrl run --out DIR` keeps in {@code DIR/.asyncrl} while it runs, so that a run whose process
 * was killed resumes when started again with the same spec: a standalone KRaft broker whose data
 * lives there (a broker left running by the killed process is reused), the retained checkpoints, and
 * the id of the experiment. On success everything is stopped and removed.
 */
final class ResumableRun implements AutoCloseable {
    private final Path dir;
    private final LocalCluster broker;
    private final boolean resuming;
    private boolean completed;

    private ResumableRun(Path dir, LocalCluster broker, boolean resuming) {
        this.dir = dir;
        this.broker = broker;
        this.resuming = resuming;
    }

    static ResumableRun open(Path outDir, String experimentId) throws IOException, InterruptedException {
        Path dir = outDir.toAbsolutePath().resolve(".asyncrl");
        Path marker = dir.resolve("experiment");
        boolean resuming = Files.isRegularFile(marker)
                && Files.readString(marker, StandardCharsets.UTF_8).equals(experimentId);
        ClusterOptions options = ClusterOptions.defaults(Home.detect()).withDir(dir.resolve("broker"))
                .withPorts(freePort(), freePort(), freePort(), freePort()).withSavedPorts();
        LocalCluster broker = new LocalCluster(options);
        if (!resuming && Files.exists(dir)) {
            broker.stop();
            deleteRecursively(dir);
            broker = new LocalCluster(options.withPorts(freePort(), freePort(), freePort(), freePort()));
        }
        Files.createDirectories(dir);
        Files.writeString(marker, experimentId, StandardCharsets.UTF_8);
        if (!broker.status().getOrDefault("kafka", "").startsWith("running")) {
            broker.startKafkaOnly();
        }
        return new ResumableRun(dir, broker, resuming);
    }

    String bootstrap() {
        return broker.bootstrap();
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

    void completed() throws IOException, InterruptedException {
        broker.stop();
        deleteRecursively(dir);
        completed = true;
    }

    /** A failed (not killed) run stops its broker; its data stays, so running again resumes. */
    @Override
    public void close() throws InterruptedException {
        if (!completed) {
            broker.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
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
