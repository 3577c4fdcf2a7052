package io.asyncrl.hw;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules on the module's own sources: bit-identical arithmetic and no Flink or Kafka. */
class SourceRulesTest {
    /** Math.* may differ between JVMs (intrinsics); StrictMath is specified bit for bit. */
    private static final Pattern NON_STRICT_MATH = Pattern.compile("(?<![A-Za-z])Math\\.");
    private static final Pattern FORBIDDEN_IMPORT = Pattern.compile("import\\s+(static\\s+)?org\\.apache\\.(flink|kafka)");

    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void shouldUseStrictMathOnly() throws IOException {
        List<Path> sources = mainSources();
        assertFalse(sources.isEmpty());
        for (Path p : sources) {
            String text = Files.readString(p);
            assertFalse(NON_STRICT_MATH.matcher(text).find(), p + " uses java.lang.Math; use StrictMath");
        }
    }

    @Test
    void shouldNotDependOnFlinkOrKafka() throws IOException {
        for (Path p : mainSources()) {
            assertFalse(FORBIDDEN_IMPORT.matcher(Files.readString(p)).find(), p + " imports Flink or Kafka");
        }
        String pom = Files.readString(Path.of("pom.xml"));
        assertFalse(pom.contains("org.apache.flink") || pom.contains("org.apache.kafka"), "pom.xml");
    }
}
