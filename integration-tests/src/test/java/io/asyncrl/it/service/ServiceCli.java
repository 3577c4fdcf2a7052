package io.asyncrl.it.service;

import io.asyncrl.jobs.cli.Main;
import io.asyncrl.jobs.service.ClusterOptions;
import io.asyncrl.jobs.service.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the service integration tests share: the CLI run in-process, free ports, and a quiet cluster stop. */
final class ServiceCli {
    private ServiceCli() {}

    /** One CLI command's exit code and output. */
    record CliResult(int exit, String stdout, String stderr) {}

    /** Runs {@code ./asyncrl args...} in this JVM, as a user would type it. */
    static CliResult cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliResult(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Starts a local service cluster (broker, JobManager, TaskManager with 4 slots) on free ports in a new folder
     * {@code integration-tests/target/NAME-*}; a shutdown hook stops it should this JVM be killed before the test's
     * own stop, so the cluster's JVMs never outlive it.
     */
    static LocalCluster startCluster(Path home, String name) throws Exception {
        Path dir = Files.createTempDirectory(home.resolve("integration-tests/target"), name + "-");
        LocalCluster cluster = new LocalCluster(
                ClusterOptions.defaults(home).withDir(dir).withFreePorts().withSlots(4));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(cluster), "stop-" + name));
        cluster.start();
        return cluster;
    }

    static void stopQuietly(LocalCluster cluster) {
        try {
            cluster.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
