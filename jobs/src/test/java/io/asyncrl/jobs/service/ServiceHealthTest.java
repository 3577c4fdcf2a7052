package io.asyncrl.jobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dead process of the service is named in one line with what to do next (issue 16). */
class ServiceHealthTest {
    @TempDir
    Path dir;

    private void recordPid(String name, ProcessHandle p) throws Exception {
        String started = p.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("-");
        Files.writeString(dir.resolve(name + ".pid"), p.pid() + " " + started + "\n", StandardCharsets.UTF_8);
    }

    private ServiceHealth clusterOnPort(int kafkaPort) {
        ClusterOptions.defaults(dir).withDir(dir).withPorts(18081, 16123, kafkaPort, 19093).save();
        return ServiceHealth.of("127.0.0.1:" + kafkaPort, dir);
    }

    @Test
    void shouldNameADeadTaskManagerOfTheLocalClusterAndWhatToDo() throws Exception {
        ServiceHealth health = clusterOnPort(19092);
        recordPid(LocalCluster.KAFKA, ProcessHandle.current());
        recordPid(LocalCluster.JOBMANAGER, ProcessHandle.current());
        assertEquals(Optional.empty(), health.problem(), "everything recorded runs");

        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        recordPid(LocalCluster.TASKMANAGER, dead.toHandle());
        String problem = health.problem().orElseThrow();
        assertEquals("the Flink TaskManager (pid " + dead.pid() + ") of the cluster in " + dir + " has died (its log: "
                + dir.resolve("logs/taskmanager.log") + "); start it again with 'asyncrl cluster start --dir " + dir
                + "' (the service job restores its last checkpoint and the experiments carry on), then watch again",
                problem);
        assertEquals(1, problem.lines().count());
    }

    @Test
    void shouldSayThatExperimentsInFlightAreLostWithTheJobManager() throws Exception {
        ServiceHealth health = clusterOnPort(19092);
        recordPid(LocalCluster.KAFKA, ProcessHandle.current());
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        recordPid(LocalCluster.JOBMANAGER, dead.toHandle());
        assertTrue(health.problem().orElseThrow().endsWith("'asyncrl cluster start --dir " + dir + "' and 'asyncrl "
                + "deploy', then submit the experiments that were running again"));
    }

    @Test
    void shouldNameADeadBrokerFirst() throws Exception {
        ServiceHealth health = clusterOnPort(19092);
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        recordPid(LocalCluster.KAFKA, dead.toHandle());
        recordPid(LocalCluster.TASKMANAGER, dead.toHandle());
        assertTrue(health.problem().orElseThrow().startsWith("the Kafka broker (pid " + dead.pid() + ")"));
    }

    @Test
    void shouldIgnoreAClusterFolderOfAnotherBroker() throws Exception {
        clusterOnPort(19092);
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        recordPid(LocalCluster.TASKMANAGER, dead.toHandle());
        // Another broker: the folder's processes say nothing about it; nothing listens on port 1 either.
        long t0 = System.nanoTime();
        String problem = ServiceHealth.of("127.0.0.1:1", dir).problem().orElseThrow();
        assertEquals("the Kafka broker at 127.0.0.1:1 does not answer (for 5 s); start it again (asyncrl cluster "
                + "start, or your broker's restart) and watch again: the service resumes from its topics", problem);
        assertTrue(System.nanoTime() - t0 < 15e9, "answered within the check's timeout");
    }
}
