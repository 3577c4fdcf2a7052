package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every examples/*.yaml and every specs/good/*.yaml fixture loads and passes validation. */
class ExampleSpecsTest {

    static Path examplesDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples");
            if (Files.isDirectory(candidate) && Files.exists(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("jobs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
    }

    static Stream<Path> examples() throws IOException {
        return yamlFiles(examplesDir());
    }

    static Stream<Path> goodFixtures() throws Exception {
        return yamlFiles(Path.of(ExampleSpecsTest.class.getResource("/specs/good").toURI()));
    }

    private static Stream<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void shouldLoadEveryExample(Path example) {
        ExperimentSpec spec = SpecLoader.load(example, "exp-1");
        assertEquals("exp-1", spec.getId());
        String file = example.getFileName().toString();
        assertEquals(file.substring(0, file.length() - ".yaml".length()), spec.getName(), "name should match the file name");
        assertTrue(SpecValidator.validate(spec).isEmpty(), "a loaded spec revalidates cleanly");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void shouldDescribeEachExampleInAHeaderComment(Path example) throws IOException {
        List<String> lines = Files.readAllLines(example);
        assertTrue(lines.get(0).startsWith("# ") && lines.get(0).length() > 20, example + " should start with a header comment");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFixtures")
    void shouldLoadEveryGoodFixture(Path fixture) {
        ExperimentSpec spec = SpecLoader.load(fixture, "exp-good");
        assertEquals("exp-good", spec.getId());
    }

    @Test
    void shouldProvideTheSevenDocumentedExamples() throws IOException {
        List<String> names = examples().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("qwen2.5-7b-grpo-async.yaml", "qwen2.5-7b-grpo-sync.yaml",
                "qwen2.5-7b-grpo-one-step-off.yaml", "qwen2.5-1.5b-ppo-async-small.yaml", "tiny-async.yaml", "tiny-sync.yaml",
                "tiny-one-step-off.yaml")), names.toString());
    }

    @Test
    void shouldKeepTheTinyExamplesTinyAndIdenticalButForTheMode() {
        Path dir = examplesDir();
        ExperimentSpec async = SpecLoader.load(dir.resolve("tiny-async.yaml"), "a");
        ExperimentSpec sync = SpecLoader.load(dir.resolve("tiny-sync.yaml"), "s");
        ExperimentSpec oneOff = SpecLoader.load(dir.resolve("tiny-one-step-off.yaml"), "o");
        for (ExperimentSpec s : List.of(async, sync, oneOff)) {
            assertEquals("qwen2.5-1.5b", s.getModel().getName());
            assertEquals(4, s.getCluster().getRollout().getDevices());
            assertEquals(4, s.getCluster().getTrain().getDevices());
            assertEquals(8, s.getAlgorithm().getPromptsPerStep());
            assertEquals(4, s.getAlgorithm().getGroupSize());
            assertEquals(4, s.getAlgorithm().getSteps());
            assertEquals(300.0, s.getWorkload().getResponseTokens().getMedian());
            assertEquals(1024, s.getWorkload().getResponseTokens().getMax());
            assertEquals(async.getWorkload(), s.getWorkload());
            assertEquals(async.getCluster(), s.getCluster());
        }
        assertEquals(AsyncMode.ASYNC, async.getAsync().getMode());
        assertEquals(AsyncMode.SYNC, sync.getAsync().getMode());
        assertEquals(0, sync.getAsync().getMaxStaleness());
        assertEquals(AsyncMode.ONE_STEP_OFF, oneOff.getAsync().getMode());
        assertEquals(1, oneOff.getAsync().getMaxStaleness());
    }
}
