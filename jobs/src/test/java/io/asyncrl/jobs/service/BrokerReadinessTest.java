package io.asyncrl.jobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: {@code cluster start} said "kafka 127.0.0.1:19092" while its broker had died on a taken
 * port, because a connect to the port was answered by the other process. Readiness is the broker
 * answering with its own cluster id.
 */
class BrokerReadinessTest {
    @TempDir
    Path dir;

    @Test
    void shouldNotTakeAnotherProcessOnThePortForTheBroker() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = other.getLocalPort();
            long t0 = System.nanoTime();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> BrokerReadiness.await(port,
                    "our-cluster", () -> {}, List.of(dir.resolve("kafka.log")), Duration.ofSeconds(3)));
            assertEquals("the broker did not answer on port " + port + " within 3 s (another process may hold the "
                    + "port); see " + dir.resolve("kafka.log") + ", or choose another port with --kafka-port N",
                    e.getMessage());
            assertTrue(System.nanoTime() - t0 < 10e9, "gave up after its timeout");
        }
    }

    @Test
    void shouldNameTheTakenPortWhenTheBrokerDiedOnIt() throws Exception {
        Path log = Files.writeString(dir.resolve("kafka.log"), "ERROR [KafkaServer id=1] Fatal error during "
                + "KafkaServer startup.\norg.apache.kafka.common.KafkaException: Socket server failed to bind to "
                + "127.0.0.1:19092: Address already in use.\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BrokerReadiness.await(19092,
                "our-cluster", () -> {
                    throw new IllegalStateException("kafka exited while starting");
                }, List.of(log), Duration.ofSeconds(3)));
        assertEquals("port 19092 (kafka) was taken by another process while the broker started; stop it or choose "
                + "another port with --kafka-port N", e.getMessage());
    }

    @Test
    void shouldPassOnAnyOtherDeathAsItIs() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BrokerReadiness.await(19092,
                "our-cluster", () -> {
                    throw new IllegalStateException("kafka exited while starting; see its log");
                }, List.of(dir.resolve("absent.log")), Duration.ofSeconds(3)));
        assertEquals("kafka exited while starting; see its log", e.getMessage());
    }

    @Test
    void shouldReadTheFormattedClusterId() throws Exception {
        Files.writeString(dir.resolve("meta.properties"), "#\nnode.id=1\nversion=1\ncluster.id=AbC123xyz\n");
        assertEquals(Optional.of("AbC123xyz"), BrokerReadiness.clusterId(dir));
        assertEquals(Optional.empty(), BrokerReadiness.clusterId(dir.resolve("nowhere")));
    }
}
