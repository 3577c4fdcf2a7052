package io.asyncrl.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    // 1,000 records over two topics: 600 + 400
    private static final List<TopicTraffic.Count> TOPICS = List.of(
            new TopicTraffic.Count("asyncrl.prompts", 600, 600 * 19, 600 * 48),
            new TopicTraffic.Count("asyncrl.metrics", 400, 400 * 19, 401 * 84));

    private static BenchReport report(boolean identical) {
        return new BenchReport("tiny.yaml", 3, 200, TOPICS,
                new Phase(0.5, 0.4, 1000), new Phase(0.25, 0.3, 1000), new Phase(2.0, 3.0, 1000), identical);
    }

    @Test
    void shouldHoldEveryPhaseWithWallAndRecordRateAndTheTrajectories() throws Exception {
        JsonNode j = new ObjectMapper().readTree(report(true).toJson());
        assertEquals(200, j.get("trajectories").asLong());
        assertEquals(1000, j.get("records").asLong());
        assertTrue(j.get("summaries_identical").asBoolean());
        // raw: 1000 records / 0.5 s = 2000/s; in-memory: 1000 / 0.25 = 4000/s; flink: 1000 / 2.0 = 500/s
        assertEquals(0.5, j.get("kafka_raw").get("wall_seconds").asDouble(), 1e-12);
        assertEquals(2000, j.get("kafka_raw").get("records_per_second").asDouble(), 1e-9);
        assertEquals(4000, j.get("in_memory").get("records_per_second").asDouble(), 1e-9);
        assertEquals(500, j.get("flink_kafka").get("records_per_second").asDouble(), 1e-9);
        assertEquals(3.0, j.get("flink_kafka").get("cpu_seconds").asDouble(), 1e-12);
        // trajectories/s: 200 / 0.25 = 800 in memory, 200 / 2.0 = 100 through Flink+Kafka
        assertEquals(800, j.get("in_memory").get("trajectories_per_second").asDouble(), 1e-9);
        assertEquals(100, j.get("flink_kafka").get("trajectories_per_second").asDouble(), 1e-9);
        assertTrue(j.get("kafka_raw").path("trajectories_per_second").isMissingNode(), "raw Kafka simulates nothing");
    }

    @Test
    void shouldComputeTheRatiosBetweenThePhases() throws Exception {
        JsonNode r = new ObjectMapper().readTree(report(true).toJson()).get("ratios");
        // wall 2.0 / 0.25 = 8; rates 500 / 2000 = 0.25 and 4000 / 2000 = 2
        assertEquals(8.0, r.get("flink_kafka_over_in_memory_wall").asDouble(), 1e-12);
        assertEquals(0.25, r.get("flink_kafka_records_per_second_over_kafka_raw").asDouble(), 1e-12);
        assertEquals(2.0, r.get("in_memory_records_per_second_over_kafka_raw").asDouble(), 1e-12);
    }

    @Test
    void shouldListRecordsAndAverageSizesPerTopic() throws Exception {
        JsonNode t = new ObjectMapper().readTree(report(true).toJson()).get("topics");
        assertEquals(600, t.get("asyncrl.prompts").get("records").asLong());
        assertEquals(48, t.get("asyncrl.prompts").get("average_value_bytes").asInt());
        // 401 * 84 / 400 = 84.21 -> rounds to 84
        assertEquals(84, t.get("asyncrl.metrics").get("average_value_bytes").asInt());
        assertEquals(19, t.get("asyncrl.metrics").get("average_key_bytes").asInt());
    }

    @Test
    void shouldPrintTheRatiosAndSayWhenTheSummariesDiffer() {
        String ok = report(true).table();
        assertTrue(ok.contains("8.00x"), ok);
        assertTrue(ok.contains("25.0%"), ok);
        assertTrue(ok.contains("summaries identical (in-memory vs flink+kafka): yes"), ok);
        String differ = report(false).table();
        assertTrue(differ.contains("summaries identical (in-memory vs flink+kafka): NO"), differ);
    }

    @Test
    void shouldReadTheGeneratedTrajectoriesFromTheSummary() throws Exception {
        assertEquals(42, BenchRunner.generatedTrajectories("{\"trajectories\":{\"generated\":42,\"trained\":40}}"));
    }

    @Test
    void shouldHoldEveryRoundsWallBesideTheBestWhenTheBenchRanRounds() throws Exception {
        BenchReport.RoundWalls walls = new BenchReport.RoundWalls(List.of(0.3, 0.25), List.of(2.5, 2.0),
                List.of(0.5, 0.6), List.of(1.5, 1.25));
        BenchReport r = new BenchReport("tiny.yaml", 3, 200, TOPICS, new Phase(0.5, 0.4, 1000),
                new Phase(0.25, 0.3, 1000), new Phase(2.0, 3.0, 1000), true, new Phase(1.25, 1.0, 2000), walls);
        JsonNode j = new ObjectMapper().readTree(r.toJson());
        assertEquals(2, j.get("rounds").asInt());
        assertEquals("[2.5,2.0]", j.get("flink_kafka").get("round_wall_seconds").toString());
        assertEquals("[0.5,0.6]", j.get("kafka_raw").get("round_wall_seconds").toString());
        assertEquals("[0.3,0.25]", j.get("in_memory").get("round_wall_seconds").toString());
        assertEquals("[1.5,1.25]", j.get("kafka_raw_unbatched").get("round_wall_seconds").toString());
        assertEquals(0.25, j.get("ratios").get("flink_kafka_records_per_second_over_kafka_raw").asDouble(), 1e-12);
        String table = r.table();
        assertTrue(table.contains("best wall of 2 rounds"), table);
        assertTrue(table.matches("(?s).*\\n  flink\\+kafka +2\\.5 2\\.0\\n.*"), table);
        assertTrue(table.contains("every round): yes"), table);

        JsonNode single = new ObjectMapper().readTree(report(true).toJson());
        assertTrue(single.get("flink_kafka").path("first_step_seconds").isMissingNode(), "no steps seen, none written");
        assertEquals(1, single.get("rounds").asInt());
        assertTrue(single.get("flink_kafka").path("round_wall_seconds").isMissingNode());
        assertTrue(!report(true).table().contains("rounds"), report(true).table());
    }

    @Test
    void shouldSayWhenTheFlinkPhaseSawItsFirstAndLastStep() throws Exception {
        // 3 steps: the first at 0.5 s, the last at 1.5 s of a 2.0 s phase -> (1.5 - 0.5) / 2 = 500 ms a step
        BenchReport r = new BenchReport("tiny.yaml", 3, 200, TOPICS, new Phase(0.5, 0.4, 1000),
                new Phase(0.25, 0.3, 1000), new Phase(2.0, 3.0, 1000), true, null, null, new StepTimes(3, 0.5, 1.5));
        JsonNode j = new ObjectMapper().readTree(r.toJson());
        assertEquals(0.5, j.get("flink_kafka").get("first_step_seconds").asDouble(), 1e-12);
        assertEquals(1.5, j.get("flink_kafka").get("last_step_seconds").asDouble(), 1e-12);
        assertTrue(r.table().contains("flink+kafka steps: step 1 at 0.5 s, step 3 at 1.5 s (500.0 ms a step after the "
                + "first), end at 2.0 s"), r.table());
        assertTrue(Double.isNaN(new StepTimes(1, 0.5, 0.5).millisPerStepAfterTheFirst()));
    }
}
