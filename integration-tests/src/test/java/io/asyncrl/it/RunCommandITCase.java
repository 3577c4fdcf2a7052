package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `asyncrl run` end to end, as a user calls it: embedded broker, MiniCluster, files on disk. */
class RunCommandITCase {
    @TempDir
    Path tmp;

    private int cli(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void shouldWriteSummaryAndArrowFilesThatAccountForEveryTrajectory() throws Exception {
        Path out = tmp.resolve("run");
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        int code = cli(stdout, stderr, "run", Examples.path("qwen2.5-1.5b-ppo-async-small.yaml").toString(),
                "--out", out.toString(), "--partitions", "3");
        assertEquals(0, code, stderr.toString());
        assertTrue(stdout.toString().contains("trained tokens/s"), stdout.toString());
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        for (String field : new String[] {"experiment", "mode", "steps", "simulated_seconds",
                "trained_tokens_per_second", "samples_per_second", "step_seconds", "utilization", "staleness",
                "trajectories"}) {
            assertTrue(s.has(field), "summary.json lacks " + field);
        }
        JsonNode t = s.get("trajectories");
        long generated = t.get("generated").asLong();
        assertEquals(generated, t.get("trained").asLong() + t.get("dropped").asLong() + t.get("pending").asLong());
        assertEquals(generated, rows(out.resolve("trajectories.arrow")), "one row per generated trajectory");
        assertEquals(s.get("steps").asLong(), rows(out.resolve("steps.arrow")));
    }

    @Test
    void shouldRefuseASpecThatDoesNotFitBeforeStartingAnything() throws Exception {
        Path spec = tmp.resolve("too-big.yaml");
        Files.writeString(spec, Files.readString(Examples.path("tiny-async.yaml"))
                .replace("model: qwen2.5-1.5b", "model: llama-3.1-70b"));
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        int code = cli(stdout, stderr, "run", spec.toString(), "--out", tmp.resolve("never").toString());
        assertEquals(2, code);
        assertTrue(stderr.toString().contains("cluster.rollout.tp"), stderr.toString());
        assertTrue(Files.notExists(tmp.resolve("never")), "nothing was written");
    }

    private static long rows(Path arrow) throws Exception {
        try (var alloc = new RootAllocator();
                var ch = Files.newByteChannel(arrow);
                var reader = new ArrowFileReader(ch, alloc)) {
            long n = 0;
            while (reader.loadNextBatch()) {
                n += reader.getVectorSchemaRoot().getRowCount();
            }
            return n;
        }
    }
}
