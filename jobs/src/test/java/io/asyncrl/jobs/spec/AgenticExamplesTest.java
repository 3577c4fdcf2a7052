package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.schemas.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every examples/agentic/*.yaml loads, validates, is named after its file and says where its figures come from. */
class AgenticExamplesTest {
    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(ExampleSpecsTest.examplesDir().resolve("agentic"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void shouldLoadEveryAgenticExample(Path example) throws IOException {
        ExperimentSpec spec = SpecLoader.load(example, "exp-1");
        String file = example.getFileName().toString();
        assertEquals(file.substring(0, file.length() - ".yaml".length()), spec.getName());
        assertTrue(SpecValidator.validate(spec).isEmpty());
        assertTrue(Files.readAllLines(example).get(0).startsWith("# "), example + " starts with a header comment");
    }

    @Test
    void shouldShowMultiTurnAgentsAndDynamicSampling() throws IOException {
        List<String> names = examples().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("coding-agent.yaml", "search-agent.yaml", "dapo-math.yaml")), names.toString());
        Path dir = ExampleSpecsTest.examplesDir().resolve("agentic");
        for (String agent : List.of("coding-agent.yaml", "search-agent.yaml")) {
            ExperimentSpec s = SpecLoader.load(dir.resolve(agent), "a");
            assertNotNull(s.getWorkload().getTurns(), agent);
            assertNotNull(s.getWorkload().getEnvironment(), agent);
            String text = Files.readString(dir.resolve(agent));
            assertTrue(text.contains("github.com") || text.contains("https://"), agent + " cites its sources");
        }
        ExperimentSpec dapo = SpecLoader.load(dir.resolve("dapo-math.yaml"), "d");
        assertEquals(Boolean.TRUE, dapo.getAlgorithm().getDynamicSampling());
        assertNotNull(dapo.getWorkload().getPassRate());
    }
}
