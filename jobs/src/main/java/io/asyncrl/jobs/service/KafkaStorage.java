package io.asyncrl.jobs.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;

/**
 * Formats a KRaft broker's storage as {@code kafka-storage.sh format -t ID -c server.properties} does, in this JVM:
 * the broker is started from the same jars as this process ({@link Classpaths}), so the tool is the one it would
 * run, without a JVM of its own to start (about 1 s of a run's start on 2 cores, docs/performance.md).
 */
final class KafkaStorage {
    private KafkaStorage() {}

    /** Formats the log directories {@code props} names with a new cluster id; what the tool prints goes to {@code log}. */
    static void format(Path props, Path log) throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = -1;
        Exception failure = null;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            code = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", props.toString()}, out);
        } catch (Exception e) {
            // the tool is Scala: an unreadable file comes out as a checked exception it does not declare
            failure = e;
            printed.writeBytes((e + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        }
        Files.write(log, printed.toByteArray());
        if (failure != null) {
            throw new IllegalStateException("formatting Kafka storage failed (" + failure.getMessage() + "); see " + log,
                    failure);
        }
        if (code != 0) {
            throw new IllegalStateException("formatting Kafka storage failed (exit code " + code + "); see " + log);
        }
    }
}
