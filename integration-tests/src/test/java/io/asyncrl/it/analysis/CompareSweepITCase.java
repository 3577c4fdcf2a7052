package io.asyncrl.it.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.accuracy.Accuracy;
import io.asyncrl.jobs.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare and sweep end to end on the tiny specs: variants as concurrent experiments of one Flink job over Kafka. */
class CompareSweepITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void shouldRunEveryModeConcurrentlyInOneJobWithTheSameResultsAsAlone() throws Exception {
        Cli cli = new Cli();
        Path out = tmp.resolve("cmp");
        int code = cli.run("compare", Cli.example("tiny-async.yaml").toString(), "--modes", "sync,one-step-off,async",
                "--staleness", "0,2", "--out", out.toString());
        assertEquals(0, code, cli.stderr());
        assertTrue(cli.stdout().contains("speedup over sync"), cli.stdout());
        assertTrue(cli.stdout().contains(Accuracy.speedupLine()), cli.stdout());
        JsonNode cmp = JSON.readTree(out.resolve("compare.json").toFile());
        assertEquals("flink", cmp.get("engine").asText());
        assertEquals("sync", cmp.get("baseline").asText());
        List<String> labels = cmp.get("variants").findValuesAsText("label");
        assertEquals(List.of("sync", "one-step-off", "async-eta0", "async-eta2"), labels);
        Set<String> ids = new HashSet<>(cmp.get("variants").findValuesAsText("experiment_id"));
        assertEquals(4, ids.size(), "distinct experiment ids");
        for (JsonNode v : cmp.get("variants")) {
            Path dir = out.resolve(v.get("folder").asText());
            for (String f : List.of("summary.json", "steps.arrow", "trajectories.arrow", "report.html", "trace.json", "spec.yaml")) {
                assertTrue(Files.exists(dir.resolve(f)), dir.resolve(f) + " missing");
            }
            // Isolation: sharing the job with three other experiments changes nothing.
            String alone = InMemoryRunner.run(SpecLoader.load(dir.resolve("spec.yaml"), v.get("experiment_id").asText()))
                    .summaryJson();
            assertEquals(alone, Files.readString(dir.resolve("summary.json")), v.get("label").asText());
            JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile());
            assertEquals(v.get("staleness_max").asInt(), s.get("staleness").get("max").asInt());
            JsonNode trace = JSON.readTree(dir.resolve("trace.json").toFile());
            long trainSteps = 0;
            for (JsonNode e : trace.get("traceEvents")) {
                if (e.get("ph").asText().equals("X") && e.get("pid").asInt() == 2) {
                    trainSteps++;
                }
            }
            assertEquals(s.get("steps").asLong(), trainSteps, "one trainer event per step");
        }
        assertEquals(1.0, cmp.get("variants").get(0).get("speedup").asDouble(), 1e-12);
        assertTrue(cmp.get("variants").get(3).get("staleness_max").asInt() <= 2);
        assertTrue(Files.readString(out.resolve("report.html")).contains("charts-ready"));
    }

    @Test
    void shouldSweepTheCrossProductOfFieldValues() throws Exception {
        Cli cli = new Cli();
        Path out = tmp.resolve("sweep");
        int code = cli.run("sweep", Cli.example("tiny-async.yaml").toString(), "--set", "cluster.rollout.devices=2,4",
                "--set", "async.max_staleness=1,2", "--out", out.toString());
        assertEquals(0, code, cli.stderr());
        JsonNode cmp = JSON.readTree(out.resolve("compare.json").toFile());
        assertEquals(List.of("rollout.devices=2 async.max_staleness=1", "rollout.devices=2 async.max_staleness=2",
                "rollout.devices=4 async.max_staleness=1", "rollout.devices=4 async.max_staleness=2"),
                cmp.get("variants").findValuesAsText("label"));
        assertEquals(4, new HashSet<>(cmp.get("variants").findValuesAsText("experiment_id")).size());
        for (JsonNode v : cmp.get("variants")) {
            JsonNode s = JSON.readTree(out.resolve(v.get("folder").asText()).resolve("summary.json").toFile());
            assertEquals(v.get("settings").get("async.max_staleness").asInt(), s.get("max_staleness").asInt());
        }
        // More rollout devices at the same bound generate faster.
        JsonNode vs = cmp.get("variants");
        assertTrue(vs.get(3).get("trained_tokens_per_second").asDouble() > vs.get(1).get("trained_tokens_per_second").asDouble());
    }

    @Test
    void shouldRefuseAVariantThatCannotRunNamingTheVariantAndField() {
        Cli cli = new Cli();
        int code = cli.run("sweep", Cli.example("tiny-async.yaml").toString(), "--set", "cluster.rollout.devices=4,3",
                "--set", "cluster.rollout.tp=2", "--out", tmp.resolve("never").toString(), "--in-memory");
        assertEquals(2, code, cli.stderr());
        assertTrue(cli.stderr().contains("[rollout.devices=3 rollout.tp=2]: cluster.rollout.devices"), cli.stderr());
        assertTrue(Files.notExists(tmp.resolve("never")), "nothing was run");
    }
}
