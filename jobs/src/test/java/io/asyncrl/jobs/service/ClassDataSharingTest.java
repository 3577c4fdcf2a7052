package io.asyncrl.jobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {
    private static final List<String> BASE = List.of("-XX:TieredStopAtLevel=1");

    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty(ClassDataSharing.ARCHIVE);
        System.clearProperty(ClassDataSharing.BROKER_LIST);
    }

    @Test
    void shouldMapTheLaunchersArchiveWhenItExistsAndSayNothingIfItCannot() throws Exception {
        Path archive = Files.createFile(tmp.resolve("classes-1.jsa"));
        System.setProperty(ClassDataSharing.ARCHIVE, archive.toString());
        System.setProperty(ClassDataSharing.BROKER_LIST, tmp.resolve("classes-1.lst.broker").toString());
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off",
                "-Xlog:class+path=off"), ClassDataSharing.oneRunBrokerJvm(BASE));
    }

    @Test
    void shouldListTheBrokersClassesInTheRunThatGathersThem() {
        Path list = tmp.resolve("classes-1.lst.broker");
        System.setProperty(ClassDataSharing.BROKER_LIST, list.toString());
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:DumpLoadedClassList=" + list),
                ClassDataSharing.oneRunBrokerJvm(BASE));
        // an archive named but gone (a mvn clean since): list instead of mapping nothing
        System.setProperty(ClassDataSharing.ARCHIVE, tmp.resolve("gone.jsa").toString());
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:DumpLoadedClassList=" + list),
                ClassDataSharing.oneRunBrokerJvm(BASE));
    }

    @Test
    void shouldAddNothingWithoutTheLauncher() {
        assertEquals(BASE, ClassDataSharing.oneRunBrokerJvm(BASE));
        System.setProperty(ClassDataSharing.ARCHIVE, tmp.resolve("gone.jsa").toString());
        assertEquals(BASE, ClassDataSharing.oneRunBrokerJvm(BASE));
    }

    @Test
    void shouldRunTheOneRunBrokerOnEveryDependencyJarInTheFilesOrder() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("jobs/target"));
        String jars = String.join(java.io.File.pathSeparator, "/m2/org/apache/kafka/kafka_2.13.jar",
                "/m2/org/apache/flink/flink-runtime.jar", "/m2/org/scala-lang/scala-library.jar");
        Files.writeString(home.resolve("jobs/target/classpath.txt"), jars + "\n");
        Classpaths cp = Classpaths.of(home);
        assertEquals(jars, cp.dependencies());
        assertEquals(String.join(java.io.File.pathSeparator, "/m2/org/apache/kafka/kafka_2.13.jar",
                "/m2/org/scala-lang/scala-library.jar"), cp.kafka());
    }
}
