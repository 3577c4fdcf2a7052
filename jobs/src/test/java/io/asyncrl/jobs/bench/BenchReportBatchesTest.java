package io.asyncrl.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bench's figures when records are batches: data records carried, and raw Kafka sending them one by one. */
class BenchReportBatchesTest {
    // trajectories: 10 Kafka records of 5,000 B carrying 1,000 data records, each 60 B alone; metrics: 400
    // records of 84 B, one data record each. 1,400 data records in all.
    private static final List<TopicTraffic.Count> TOPICS = List.of(
            new TopicTraffic.Count("asyncrl.trajectories", 10, 10 * 19, 10 * 5000, 1000,
                    RecordSizes.uniform(10, 19, 5000), RecordSizes.uniform(1000, 19, 60)),
            new TopicTraffic.Count("asyncrl.metrics", 400, 400 * 19, 400 * 84));

    private static BenchReport report() {
        return new BenchReport("tiny.yaml", 3, 200, TOPICS, new Phase(0.5, 0.4, 410), new Phase(0.25, 0.3, 410),
                new Phase(2.0, 3.0, 410), true, new Phase(0.7, 0.5, 1400));
    }

    @Test
    void shouldSendEveryDataRecordAloneWhenUnbatched() {
        TopicTraffic.Count u = TOPICS.get(0).unbatched();
        assertEquals(1000, u.records());
        assertEquals(1000, u.dataRecords());
        assertEquals(60, u.averageValueBytes());
        assertEquals(19, u.averageKeyBytes());
        assertEquals(400, TOPICS.get(1).unbatched().records(), "a topic without batches is unchanged");
    }

    @Test
    void shouldCompareTheDataRecordRateWithRawKafkaSendingThemOneByOne() throws Exception {
        JsonNode j = new ObjectMapper().readTree(report().toJson());
        assertEquals(1400, j.get("data_records").asLong());
        assertEquals(410, j.get("records").asLong());
        assertEquals(1000, j.get("topics").get("asyncrl.trajectories").get("data_records").asLong());
        // Flink+Kafka: 1,400 data records / 2.0 s = 700/s; raw unbatched: 1,400 / 0.7 s = 2,000/s; 700 / 2,000 = 0.35
        assertEquals(700, j.get("flink_kafka").get("data_records_per_second").asDouble(), 1e-9);
        assertEquals(2000, j.get("kafka_raw_unbatched").get("records_per_second").asDouble(), 1e-9);
        assertEquals(0.35, j.get("ratios").get("flink_kafka_data_records_per_second_over_kafka_raw_unbatched")
                .asDouble(), 1e-12);
        String table = report().table();
        assertTrue(table.contains("410 Kafka records carrying 1,400 data records"), table);
        assertTrue(table.contains("35.0%"), table);
    }
}
