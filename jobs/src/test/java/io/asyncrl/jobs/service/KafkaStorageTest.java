package io.asyncrl.jobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaStorageTest {
    @TempDir
    Path dir;

    @Test
    void shouldFormatTheLogDirectoryOfTheBrokersPropertiesInThisJvm() throws Exception {
        Path data = dir.resolve("data");
        Path props = props(data);
        Path log = dir.resolve("format.out");

        KafkaStorage.format(props, log);

        Properties meta = read(data.resolve("meta.properties"));
        assertTrue(meta.getProperty("cluster.id", "").length() >= 20, "a cluster id: " + meta);
        assertEquals("1", meta.getProperty("node.id"), "the node id of the properties: " + meta);
        assertEquals(meta.getProperty("cluster.id"), BrokerReadiness.clusterId(data).orElseThrow(),
                "the id the broker's readiness check expects");
        assertTrue(Files.readString(log).contains("Formatting"), "what the tool printed: " + Files.readString(log));
    }

    @Test
    void shouldGiveTheBrokerASmallLogCleanerMapAsKafkaReadsItsProperties() throws Exception {
        KafkaConfig config = KafkaConfig.fromProps(read(props(dir.resolve("data"))));

        assertEquals(2L * 1024 * 1024, config.logCleanerDedupeBufferSize(), "not Kafka's default of 128 MiB");
    }

    @Test
    void shouldSayWhereToLookWhenTheToolFails() throws Exception {
        Path log = dir.resolve("format.out");
        Path missing = dir.resolve("no-such.properties");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KafkaStorage.format(missing, log));

        assertTrue(e.getMessage().startsWith("formatting Kafka storage failed"), e.getMessage());
        assertTrue(e.getMessage().endsWith("see " + log), e.getMessage());
        assertTrue(Files.size(log) > 0, "the failure is in the log");
    }

    private Path props(Path data) throws IOException {
        ClusterOptions options = ClusterOptions.defaults(dir).withDir(dir).withFreePorts();
        Path props = dir.resolve("server.properties");
        Files.writeString(props, ClusterConfigs.kafkaServerProperties(options, data), StandardCharsets.UTF_8);
        return props;
    }

    private static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}
