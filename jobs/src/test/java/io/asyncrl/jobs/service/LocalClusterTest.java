package io.asyncrl.jobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterTest {
    @TempDir
    Path dir;

    @Test
    void shouldNotStopAProcessWhosePidWasHandedOutAgain() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            // Same pid, but not the start time recorded when the cluster started it.
            Files.writeString(dir.resolve("taskmanager.pid"), stranger.pid() + " 12345\n");
            LocalCluster cluster = cluster();

            assertEquals(List.of(), cluster.processes());
            assertEquals(List.of(), cluster.stop());
            assertTrue(stranger.isAlive());
            assertFalse(Files.exists(dir.resolve("taskmanager.pid")), "a stale pid file is removed");
        } finally {
            stranger.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldStopTheProcessOfItsPidFile() throws Exception {
        Process ours = new ProcessBuilder("sleep", "60").start();
        try {
            long started = ours.info().startInstant().orElseThrow().toEpochMilli();
            Files.writeString(dir.resolve("jobmanager.pid"), ours.pid() + " " + started + "\n");
            LocalCluster cluster = cluster();

            assertEquals(List.of("jobmanager (pid " + ours.pid() + ")"), cluster.stop());
            assertTrue(ours.waitFor(10, TimeUnit.SECONDS));
        } finally {
            ours.destroyForcibly();
        }
    }

    @Test
    void shouldNotTakeABrokerWhoseStopBeganForARunningOneAndFinishTheStop() throws Exception {
        Process broker = new ProcessBuilder("sleep", "60").start();
        try {
            PidFile.write(dir.resolve("kafka.pid"), broker.toHandle());
            LocalCluster cluster = cluster();
            assertTrue(cluster.kafkaRunning());

            // what a stop leaves when its process is killed between the mark and the broker's exit
            PidFile.markStopping(dir.resolve("kafka.pid"));
            assertTrue(cluster.stopping());
            assertFalse(cluster.kafkaRunning(), "a broker being stopped may answer for a second, then vanish");

            assertEquals(List.of("kafka (pid " + broker.pid() + ")"), cluster.stop());
            assertTrue(broker.waitFor(10, TimeUnit.SECONDS));
            assertFalse(cluster.stopping());
            assertFalse(Files.exists(dir.resolve("kafka.pid.stopping")));
        } finally {
            broker.destroyForcibly();
        }
    }

    private LocalCluster cluster() {
        return new LocalCluster(ClusterOptions.defaults(dir).withDir(dir));
    }
}
