package io.asyncrl.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What {@code asyncrl bench} measured: three phases over the same traffic, the records per topic,
 * the trajectories, and the ratios between the phases. Renders bench.json and the printed table.
 * {@code kafkaRawUnbatched} (may be null) is raw Kafka moving the same data records one Kafka record each,
 * as the pipeline sent them before batch payloads. {@code roundWalls} (null for a single round) holds every
 * round's wall of each phase when the bench ran several rounds; the phases are then each one's best round.
 * {@code flinkSteps} (may be null) is when the Flink+Kafka phase (its best round) saw its first and last step.
 */
public record BenchReport(
        String spec,
        int steps,
        long trajectories,
        List<TopicTraffic.Count> topics,
        Phase kafkaRaw,
        Phase inMemory,
        Phase flinkKafka,
        boolean summariesIdentical,
        Phase kafkaRawUnbatched,
        RoundWalls roundWalls,
        StepTimes flinkSteps) {

    /** Each phase's wall in every round, in the order the rounds ran. */
    public record RoundWalls(List<Double> inMemory, List<Double> flinkKafka, List<Double> kafkaRaw,
            List<Double> kafkaRawUnbatched) {
        public int rounds() {
            return flinkKafka.size();
        }
    }

    public BenchReport(String spec, int steps, long trajectories, List<TopicTraffic.Count> topics, Phase kafkaRaw,
            Phase inMemory, Phase flinkKafka, boolean summariesIdentical) {
        this(spec, steps, trajectories, topics, kafkaRaw, inMemory, flinkKafka, summariesIdentical, null, null);
    }

    public BenchReport(String spec, int steps, long trajectories, List<TopicTraffic.Count> topics, Phase kafkaRaw,
            Phase inMemory, Phase flinkKafka, boolean summariesIdentical, Phase kafkaRawUnbatched) {
        this(spec, steps, trajectories, topics, kafkaRaw, inMemory, flinkKafka, summariesIdentical, kafkaRawUnbatched,
                null);
    }

    public BenchReport(String spec, int steps, long trajectories, List<TopicTraffic.Count> topics, Phase kafkaRaw,
            Phase inMemory, Phase flinkKafka, boolean summariesIdentical, Phase kafkaRawUnbatched, RoundWalls roundWalls) {
        this(spec, steps, trajectories, topics, kafkaRaw, inMemory, flinkKafka, summariesIdentical, kafkaRawUnbatched,
                roundWalls, null);
    }

    /** How many rounds each phase ran (1 unless the bench ran several). */
    public int rounds() {
        return roundWalls == null ? 1 : roundWalls.rounds();
    }

    /** Data records on all topics, a batch's items counted one by one. */
    public long dataRecords() {
        return topics.stream().mapToLong(TopicTraffic.Count::dataRecords).sum();
    }

    /**
     * The Flink+Kafka pipeline's data-record rate as a fraction of raw Kafka's moving the same data
     * records one Kafka record each (NaN without that phase).
     */
    public double flinkDataRecordRateOverRawUnbatched() {
        return kafkaRawUnbatched == null ? Double.NaN
                : flinkKafka.perSecond(dataRecords()) / kafkaRawUnbatched.recordsPerSecond();
    }

    /** How many times the in-memory pipeline's wall time the Flink+Kafka run took. */
    public double flinkOverInMemoryWall() {
        return flinkKafka.wallSeconds() / inMemory.wallSeconds();
    }

    /** The Flink+Kafka pipeline's Kafka record rate as a fraction of raw Kafka's, same records. */
    public double flinkRecordRateOverRaw() {
        return flinkKafka.recordsPerSecond() / kafkaRaw.recordsPerSecond();
    }

    /** The in-memory pipeline's equivalent record rate over raw Kafka's. */
    public double inMemoryRecordRateOverRaw() {
        return inMemory.recordsPerSecond() / kafkaRaw.recordsPerSecond();
    }

    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("spec", spec);
        root.put("steps", steps);
        root.put("trajectories", trajectories);
        root.put("records", flinkKafka.records());
        root.put("data_records", dataRecords());
        root.put("cpu_source", ProcessClock.CPU_SOURCE);
        root.put("summaries_identical", summariesIdentical);
        root.put("rounds", rounds());
        phase(root.putObject("kafka_raw"), kafkaRaw, false, walls(RoundWalls::kafkaRaw));
        phase(root.putObject("in_memory"), inMemory, true, walls(RoundWalls::inMemory));
        ObjectNode flink = root.putObject("flink_kafka");
        phase(flink, flinkKafka, true, walls(RoundWalls::flinkKafka));
        if (flinkSteps != null) {
            flink.put("first_step_seconds", flinkSteps.firstStepSeconds());
            flink.put("last_step_seconds", flinkSteps.lastStepSeconds());
        }
        if (kafkaRawUnbatched != null) {
            phase(root.putObject("kafka_raw_unbatched"), kafkaRawUnbatched, false, walls(RoundWalls::kafkaRawUnbatched));
        }
        ObjectNode ratios = root.putObject("ratios");
        ratios.put("flink_kafka_over_in_memory_wall", flinkOverInMemoryWall());
        ratios.put("flink_kafka_records_per_second_over_kafka_raw", flinkRecordRateOverRaw());
        ratios.put("in_memory_records_per_second_over_kafka_raw", inMemoryRecordRateOverRaw());
        if (kafkaRawUnbatched != null) {
            ratios.put("flink_kafka_data_records_per_second_over_kafka_raw_unbatched",
                    flinkDataRecordRateOverRawUnbatched());
        }
        ObjectNode perTopic = root.putObject("topics");
        for (TopicTraffic.Count c : topics) {
            ObjectNode t = perTopic.putObject(c.topic());
            t.put("records", c.records());
            t.put("data_records", c.dataRecords());
            t.put("average_key_bytes", c.averageKeyBytes());
            t.put("average_value_bytes", c.averageValueBytes());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One phase's walls of every round, or null for a single round. */
    private List<Double> walls(Function<RoundWalls, List<Double>> phase) {
        return roundWalls == null ? null : phase.apply(roundWalls);
    }

    /** Raw Kafka simulates nothing, so it has no trajectory rate. */
    private void phase(ObjectNode n, Phase p, boolean simulates, List<Double> walls) {
        n.put("wall_seconds", p.wallSeconds());
        if (walls != null) {
            walls.forEach(n.putArray("round_wall_seconds")::add);
        }
        n.put("cpu_seconds", p.cpuSeconds());
        n.put("records", p.records());
        n.put("records_per_second", p.recordsPerSecond());
        if (simulates) {
            n.put("trajectories_per_second", p.perSecond(trajectories));
            n.put("data_records_per_second", p.perSecond(dataRecords()));
        }
    }

    /** The side-by-side table printed on stdout. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "bench %s: %d steps, %,d trajectories, %,d Kafka records carrying %,d data records%n",
                spec, steps, trajectories, flinkKafka.records(),
                topics.stream().mapToLong(TopicTraffic.Count::dataRecords).sum()));
        b.append(String.format(Locale.ROOT, "%-28s %10s %10s %14s %14s%n", "path", "wall s", "CPU s",
                "records/s", "trajectories/s"));
        row(b, "kafka raw (produce+consume)", kafkaRaw, false);
        row(b, "in-memory pipeline", inMemory, true);
        row(b, "flink+kafka pipeline", flinkKafka, true);
        if (flinkSteps != null) {
            b.append(String.format(Locale.ROOT, "flink+kafka steps: step 1 at %.1f s, step %d at %.1f s (%.1f ms a step "
                    + "after the first), end at %.1f s%n", flinkSteps.firstStepSeconds(), flinkSteps.steps(),
                    flinkSteps.lastStepSeconds(), flinkSteps.millisPerStepAfterTheFirst(), flinkKafka.wallSeconds()));
        }
        b.append(String.format(Locale.ROOT, "flink+kafka / in-memory wall     %.2fx%n", flinkOverInMemoryWall()));
        b.append(String.format(Locale.ROOT, "flink+kafka / raw kafka rec/s    %.1f%%%n", 100 * flinkRecordRateOverRaw()));
        b.append(String.format(Locale.ROOT, "in-memory / raw kafka rec/s      %.1f%%%n", 100 * inMemoryRecordRateOverRaw()));
        if (kafkaRawUnbatched != null) {
            row(b, "kafka raw, unbatched", kafkaRawUnbatched, false);
            b.append(String.format(Locale.ROOT, "flink+kafka data records/s / raw unbatched rec/s  %.1f%% (%,.0f / %,.0f)%n",
                    100 * flinkDataRecordRateOverRawUnbatched(), flinkKafka.perSecond(dataRecords()),
                    kafkaRawUnbatched.recordsPerSecond()));
        }
        b.append("Kafka records per topic (average key + value bytes; data records carried):\n");
        for (TopicTraffic.Count c : topics) {
            b.append(String.format(Locale.ROOT, "  %-32s %,12d  (%d + %d B; %,d)%n", c.topic(), c.records(),
                    c.averageKeyBytes(), c.averageValueBytes(), c.dataRecords()));
        }
        if (roundWalls != null) {
            b.append(String.format(Locale.ROOT, "best wall of %d rounds (CPU of that round); walls in the order run:%n",
                    rounds()));
            walls(b, "kafka raw", roundWalls.kafkaRaw());
            walls(b, "in-memory", roundWalls.inMemory());
            walls(b, "flink+kafka", roundWalls.flinkKafka());
            walls(b, "kafka raw, unbatched", roundWalls.kafkaRawUnbatched());
        }
        b.append("summaries identical (in-memory vs flink+kafka").append(roundWalls == null ? "" : ", every round")
                .append("): ").append(summariesIdentical ? "yes" : "NO").append('\n');
        b.append("CPU: ").append(ProcessClock.CPU_SOURCE).append('\n');
        return b.toString();
    }

    private static void walls(StringBuilder b, String name, List<Double> walls) {
        b.append(String.format(Locale.ROOT, "  %-26s", name));
        walls.forEach(w -> b.append(String.format(Locale.ROOT, " %.1f", w)));
        b.append('\n');
    }

    private void row(StringBuilder b, String name, Phase p, boolean trajectoriesRate) {
        b.append(String.format(Locale.ROOT, "%-28s %10.1f %10.1f %,14.0f %14s%n", name, p.wallSeconds(),
                p.cpuSeconds(), p.recordsPerSecond(),
                trajectoriesRate ? String.format(Locale.ROOT, "%,.0f", p.perSecond(trajectories)) : "-"));
    }
}
