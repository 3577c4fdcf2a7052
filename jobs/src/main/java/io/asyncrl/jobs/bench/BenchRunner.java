package io.asyncrl.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.connectors.kafka.EmbeddedKafka;
import io.asyncrl.connectors.kafka.TopicAdmin;
import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code asyncrl bench}: one experiment through the in-memory pipeline, then through Flink and Kafka
 * (as {@code run} does: MiniCluster on an embedded broker), then raw Kafka moving the same records
 * on the same broker, all in this process. The traffic is counted on the topics after the Flink run.
 */
public final class BenchRunner {
    public static final String BENCH_JSON = "bench.json";
    public static final String IN_MEMORY_SUMMARY = "summary.in-memory.json";
    public static final String FLINK_SUMMARY = "summary.flink-kafka.json";
    static final String PIPELINE_PREFIX = "asyncrl.";
    static final String RAW_PREFIX = "bench.raw.";
    static final String RAW_UNBATCHED_PREFIX = "bench.raw-unbatched.";

    private BenchRunner() {}

    /**
     * Runs the three phases and writes bench.json and both summaries to {@code outDir}. The report
     * says whether the two pipelines' summaries are byte-identical; the caller decides what that means.
     */
    public static BenchReport run(String specLabel, ExperimentSpec spec, RunOptions options, Path outDir,
            ProgressListener progress, PrintStream notices) throws Exception {
        Files.createDirectories(outDir);
        notices.println("asyncrl bench: in-memory pipeline ...");
        ProcessClock memClock = new ProcessClock();
        RunResult inMemory = InMemoryRunner.run(spec);
        double memWall = memClock.wallSeconds();
        double memCpu = memClock.cpuSeconds();

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            notices.println("asyncrl bench: Flink+Kafka pipeline (parallelism " + options.parallelism() + ") ...");
            ProcessClock flinkClock = new ProcessClock();
            RunResult flink = LocalRunner.run(spec,
                    options.withBootstrap(bootstrap).withTopicPrefix(PIPELINE_PREFIX), progress);
            double flinkWall = flinkClock.wallSeconds();
            double flinkCpu = flinkClock.cpuSeconds();

            List<TopicTraffic.Count> traffic = TopicTraffic.count(bootstrap, TopicAdmin.names(PIPELINE_PREFIX));
            long records = traffic.stream().mapToLong(TopicTraffic.Count::records).sum();
            notices.println("asyncrl bench: raw Kafka, " + records + " records ...");
            Phase raw = RawKafka.run(bootstrap, RAW_PREFIX, traffic);
            // The same data records one Kafka record each, as the pipeline sent them before batching: the
            // transport's rate for them record by record (docs/performance.md, what batching does to the ratio).
            List<TopicTraffic.Count> unbatched = traffic.stream().map(TopicTraffic.Count::unbatched).toList();
            long dataRecords = unbatched.stream().mapToLong(TopicTraffic.Count::records).sum();
            notices.println("asyncrl bench: raw Kafka, one record per data record, " + dataRecords + " records ...");
            Phase rawUnbatched = RawKafka.run(bootstrap, RAW_UNBATCHED_PREFIX, unbatched);

            byte[] memSummary = inMemory.summaryJson().getBytes(StandardCharsets.UTF_8);
            byte[] flinkSummary = flink.summaryJson().getBytes(StandardCharsets.UTF_8);
            Files.write(outDir.resolve(IN_MEMORY_SUMMARY), memSummary);
            Files.write(outDir.resolve(FLINK_SUMMARY), flinkSummary);
            BenchReport report = new BenchReport(specLabel, spec.getAlgorithm().getSteps(),
                    generatedTrajectories(flink.summaryJson()), traffic, raw,
                    new Phase(memWall, memCpu, records), new Phase(flinkWall, flinkCpu, records),
                    Arrays.equals(memSummary, flinkSummary), rawUnbatched);
            Files.writeString(outDir.resolve(BENCH_JSON), report.toJson());
            return report;
        }
    }

    /** summary.json's trajectories.generated. */
    static long generatedTrajectories(String summaryJson) throws IOException {
        var node = new ObjectMapper().readTree(summaryJson).path("trajectories").path("generated");
        if (!node.canConvertToLong()) {
            throw new IllegalStateException("the run's summary has no trajectories.generated");
        }
        return node.asLong();
    }
}
