package io.asyncrl.jobs.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The classpaths of the cluster processes, taken from the jars the jobs module already resolved
 * ({@code jobs/target/classpath.txt}, written by {@code mvn package}).
 *
 * <p>The Flink processes get Flink's runtime (flink-runtime, flink-clients, flink-rpc-akka-loader,
 * flink-runtime-web and their libraries), like a distribution's lib/ folder, but not what the job
 * jar brings: Flink loads {@code org.apache.flink.*} parent-first, so a Kafka connector or
 * flink-avro on the cluster's classpath would be linked against the cluster's Kafka and Avro
 * classes instead of the job's. The broker of a cluster gets Kafka's jars; the broker of one run gets every dependency
 * jar in the file's order ({@code dependencies}), the class path of the launcher's class-data archive
 * ({@link ClassDataSharing}).
 */
record Classpaths(String flink, String kafka, String dependencies) {

    /** Jars the job jar brings itself, kept off the Flink processes' classpath. */
    private static final List<String> JOB_ONLY = List.of(
            "/io/asyncrl/", "/org/apache/kafka/", "/org/apache/avro/", "/org/apache/arrow/",
            "/flink-connector-kafka/", "/flink-connector-base/", "/flink-avro/",
            "/org/scala-lang/", "/com/typesafe/scala-logging", "/org/junit/");

    static Classpaths of(Path home) {
        Path file = classpathFile(home);
        List<String> jars;
        try {
            jars = Arrays.stream(Files.readString(file, StandardCharsets.UTF_8).trim().split(java.io.File.pathSeparator))
                    .filter(s -> !s.isBlank())
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Predicate<String> jobOnly = jar -> JOB_ONLY.stream().anyMatch(jar.replace('\\', '/')::contains);
        String flink = jars.stream().filter(jobOnly.negate()).collect(Collectors.joining(java.io.File.pathSeparator));
        String kafka = jars.stream()
                .filter(j -> !j.contains("/io/asyncrl/") && !j.contains("/org/apache/flink/"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
        return new Classpaths(flink, kafka, String.join(java.io.File.pathSeparator, jars));
    }

    static Path classpathFile(Path home) {
        Path file = home.resolve("jobs/target/classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: build first (cd " + home
                    + " && mvn -B -pl jobs -am install -DskipTests)");
        }
        return file;
    }
}
