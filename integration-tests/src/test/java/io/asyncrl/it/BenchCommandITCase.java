package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `asyncrl bench` end to end on the embedded broker and a MiniCluster, with a tiny spec and two steps. */
class BenchCommandITCase {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    /** {@code bench tiny-async.yaml --steps 2 --out out} with {@code more} options; asserts it exits 0. */
    private void bench(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("bench", Examples.path("tiny-async.yaml").toString(), "--steps",
                "2", "--out", out.toString()));
        args.addAll(List.of(more));
        int code = Main.run(args.toArray(String[]::new), new PrintStream(stdout, true), new PrintStream(stderr, true));
        assertEquals(0, code, stderr.toString());
    }

    @Test
    void shouldMeasureAllThreePathsOverTheSameRecordsWithIdenticalSummaries() throws Exception {
        Path out = tmp.resolve("bench");
        bench(out);
        assertTrue(stdout.toString().contains("flink+kafka / in-memory wall"), stdout.toString());

        JsonNode b = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        assertEquals(2, b.get("steps").asInt());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.flink-kafka.json").toFile());
        assertEquals(summary.get("trajectories").get("generated").asLong(), b.get("trajectories").asLong());
        assertTrue(b.get("trajectories").asLong() > 0);

        // the identity check: both summaries on disk, byte for byte, and bench.json says so
        assertArrayEquals(Files.readAllBytes(out.resolve("summary.in-memory.json")),
                Files.readAllBytes(out.resolve("summary.flink-kafka.json")));
        assertTrue(b.get("summaries_identical").asBoolean());

        long perTopic = 0;
        for (JsonNode t : b.get("topics")) {
            perTopic += t.get("records").asLong();
        }
        JsonNode trajectories = b.get("topics").get("asyncrl.trajectories");
        assertTrue(trajectories.get("data_records").asLong() >= b.get("trajectories").asLong(),
                "at least one data record per generated trajectory");
        assertTrue(trajectories.get("records").asLong() < trajectories.get("data_records").asLong(),
                "trajectories travel in batches, several to a Kafka record");
        for (String phase : new String[] {"kafka_raw", "in_memory", "flink_kafka"}) {
            JsonNode p = b.get(phase);
            assertEquals(perTopic, p.get("records").asLong(), phase + " moves the pipeline's records");
            double wall = p.get("wall_seconds").asDouble();
            assertTrue(wall > 0, phase);
            assertEquals(perTopic / wall, p.get("records_per_second").asDouble(), 1e-6 * perTopic / wall, phase);
        }
        // when the Flink+Kafka phase saw its two steps, inside the phase's wall
        JsonNode flink = b.get("flink_kafka");
        double first = flink.get("first_step_seconds").asDouble();
        double last = flink.get("last_step_seconds").asDouble();
        assertTrue(0 < first && first <= last && last <= flink.get("wall_seconds").asDouble(), flink.toString());
        assertTrue(stdout.toString().contains("flink+kafka steps: step 1 at "), stdout.toString());
    }

    @Test
    void shouldRunEveryPhaseEachRoundAndReportItsBestWall() throws Exception {
        Path out = tmp.resolve("bench-rounds");
        bench(out, "--rounds", "2");
        assertTrue(stderr.toString().contains("Flink+Kafka pipeline (parallelism 2) (round 2 of 2)"), stderr.toString());
        // each round's progress counts its own steps: 1/2 and 2/2 twice, never a third step of two
        assertEquals(2, stderr.toString().split("step 2/2 ", -1).length - 1, stderr.toString());
        assertFalse(stderr.toString().contains("step 3/2"), stderr.toString());

        JsonNode b = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        assertEquals(2, b.get("rounds").asInt());
        assertTrue(b.get("summaries_identical").asBoolean());
        long perTopic = 0;
        for (JsonNode t : b.get("topics")) {
            assertTrue(t.get("records").asLong() >= 0);
            perTopic += t.get("records").asLong();
        }
        assertTrue(b.get("topics").has("asyncrl.trajectories"), "the first round's topics are listed: " + b.get("topics"));
        for (String phase : new String[] {"kafka_raw", "in_memory", "flink_kafka", "kafka_raw_unbatched"}) {
            JsonNode p = b.get(phase);
            JsonNode walls = p.get("round_wall_seconds");
            assertEquals(2, walls.size(), phase);
            assertEquals(Math.min(walls.get(0).asDouble(), walls.get(1).asDouble()), p.get("wall_seconds").asDouble(),
                    0.0, phase + " reports its best round");
        }
        // the second round's pipeline ran on topics of its own, with the same traffic as the first
        assertEquals(perTopic, b.get("flink_kafka").get("records").asLong());
        assertArrayEquals(Files.readAllBytes(out.resolve("summary.in-memory.json")),
                Files.readAllBytes(out.resolve("summary.flink-kafka.json")));
    }
}
