package io.asyncrl.jobs.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.spec.ResolvedSpecFile;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.operators.sim.summary.AsyncrlVersion;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example's summary.json says what produced it (spec, version, seed) and spec.resolved.yaml repeats the spec
 * (ResolvedSpecRoundTripTest reads it back).
 */
class ExampleSummariesTest {

    static Stream<Path> examples() throws IOException {
        Path dir = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && dir == null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("examples")) && Files.isDirectory(d.resolve("jobs"))) {
                dir = d.resolve("examples");
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void shouldNameSpecVersionAndSeedInEveryExamplesSummary(Path example, @TempDir Path out) throws IOException {
        ExperimentSpec spec = SpecLoader.load(example, "exp-outputs");
        RunResult result = InMemoryRunner.run(spec);
        RunOutputs.write(out, result);

        JsonNode summary = new ObjectMapper().readTree(Files.readString(out.resolve(RunOutputs.SUMMARY)));
        assertEquals(spec.getSeed(), summary.get("seed").asLong());
        assertEquals(AsyncrlVersion.get(), summary.get("version").asText());
        assertFalse(summary.get("version").asText().contains("${"), "the version resource should be filtered by Maven");
        JsonNode s = summary.get("spec");
        assertEquals(spec.getModel().getName().toString(), s.get("model").get("name").asText());
        assertEquals(spec.getCluster().getDevice().toString(), s.get("cluster").get("device").asText());
        assertEquals(spec.getCluster().getPlacement().name().toLowerCase(), s.get("cluster").get("placement").asText());
        assertEquals(spec.getCluster().getRollout().getDevices(), s.get("cluster").get("rollout").get("devices").asInt());
        assertEquals(spec.getAsync().getMaxStaleness(), s.get("async").get("max_staleness").asInt());
        JsonNode derived = s.get("derived");
        assertTrue(derived.get("model").get("params_b").asDouble() > 0, "derived parameter count");
        assertTrue(derived.get("device").get("hbm_gib").asDouble() > 0, "device datasheet");
        String profile = spec.getFramework() == null ? "ideal" : spec.getFramework().getName().toString();
        assertEquals(profile, derived.get("framework_profile").asText());
        assertTrue(derived.get("staleness").has("trained_bound_versions"));

        JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(out.resolve(RunOutputs.RESOLVED_SPEC).toFile());
        assertEquals(ResolvedSpecFile.of(s), yaml, "spec.resolved.yaml should hold the summary's spec, spelled as a spec");
    }
}
