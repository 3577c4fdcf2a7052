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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code asyncrl bench}: one experiment through the in-memory pipeline, then through Flink and Kafka
 * (as {@code run} does: MiniCluster on an embedded broker), then raw Kafka moving the same records
 * on the same broker, all in this process, once or for several rounds. The traffic is counted on the
 * topics after the Flink run.
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
     * Runs the phases {@code rounds} times in turn (in-memory, Flink+Kafka, raw Kafka, raw Kafka unbatched), each
     * round's Flink run on topics of its own and each raw phase replaying the first round's traffic, and reports
     * each phase's best (least) wall with the CPU of that round, as {@code --scaling} does: the first round of a
     * JVM pays the JIT's warm-up and the class loading of Flink and Kafka, and the best of several takes out other
     * load on a shared machine. Every round's summaries are compared with the first in-memory one.
     */
    public static BenchReport run(String specLabel, ExperimentSpec spec, RunOptions options, int rounds, Path outDir,
            Supplier<ProgressListener> progress, PrintStream notices) throws Exception {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        Files.createDirectories(outDir);
        // The first in-memory run before the broker starts, as a single-round bench always ran it.
        Timed first = inMemory(spec, notices, roundLabel(0, rounds));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            Rounds memory = new Rounds();
            Rounds flink = new Rounds();
            Rounds raw = new Rounds();
            Rounds rawUnbatched = new Rounds();
            List<StepTimes> flinkSteps = new ArrayList<>();
            byte[] memSummary = null;
            byte[] flinkSummary = null;
            boolean identical = true;
            List<TopicTraffic.Count> traffic = null;
            List<TopicTraffic.Count> unbatched = null;
            for (int round = 0; round < rounds; round++) {
                String of = roundLabel(round, rounds);
                Timed mem = round == 0 ? first : inMemory(spec, notices, of);

                String prefix = PIPELINE_PREFIX + roundPrefix(round);
                notices.println("asyncrl bench: Flink+Kafka pipeline (parallelism " + options.parallelism() + ")" + of
                        + " ...");
                ProcessClock flinkClock = new ProcessClock();
                // a progress bar of its own each round, as --scaling has: one bar's count would run on past the steps
                StepTimes.Recorder stepTimes = new StepTimes.Recorder(flinkClock, progress.get());
                RunResult run = LocalRunner.run(spec, options.withBootstrap(bootstrap).withTopicPrefix(prefix), stepTimes);
                double flinkWall = flinkClock.wallSeconds();
                double flinkCpu = flinkClock.cpuSeconds();
                flinkSteps.add(stepTimes.times());

                List<TopicTraffic.Count> roundTraffic = TopicTraffic.count(bootstrap, TopicAdmin.names(prefix));
                long records = records(roundTraffic);
                if (traffic == null) {
                    traffic = roundTraffic;
                    // The same data records one Kafka record each, as the pipeline sent them before batching: the
                    // transport's rate for them record by record (docs/performance.md, what batching does to the ratio).
                    unbatched = traffic.stream().map(TopicTraffic.Count::unbatched).toList();
                }
                byte[] memBytes = mem.result().summaryJson().getBytes(StandardCharsets.UTF_8);
                byte[] flinkBytes = run.summaryJson().getBytes(StandardCharsets.UTF_8);
                boolean same = memSummary == null ? Arrays.equals(memBytes, flinkBytes)
                        : Arrays.equals(memSummary, memBytes) && Arrays.equals(memSummary, flinkBytes);
                if (memSummary == null || (identical && !same)) {
                    // the files written are the first round's, or the first pair that differs
                    memSummary = memBytes;
                    flinkSummary = flinkBytes;
                }
                identical &= same;
                memory.add(new Phase(mem.wall(), mem.cpu(), records));
                flink.add(new Phase(flinkWall, flinkCpu, records));

                notices.println("asyncrl bench: raw Kafka, " + records(traffic) + " records" + of + " ...");
                raw.add(RawKafka.run(bootstrap, RAW_PREFIX + roundPrefix(round), traffic));
                notices.println("asyncrl bench: raw Kafka, one record per data record, " + records(unbatched)
                        + " records" + of + " ...");
                rawUnbatched.add(RawKafka.run(bootstrap, RAW_UNBATCHED_PREFIX + roundPrefix(round), unbatched));
            }

            Files.write(outDir.resolve(IN_MEMORY_SUMMARY), memSummary);
            Files.write(outDir.resolve(FLINK_SUMMARY), flinkSummary);
            BenchReport report = new BenchReport(specLabel, spec.getAlgorithm().getSteps(),
                    generatedTrajectories(new String(flinkSummary, StandardCharsets.UTF_8)), traffic, raw.best(),
                    memory.best(), flink.best(), identical, rawUnbatched.best(),
                    rounds == 1 ? null : new BenchReport.RoundWalls(memory.walls(), flink.walls(), raw.walls(),
                            rawUnbatched.walls()), flinkSteps.get(flink.bestIndex()));
            Files.writeString(outDir.resolve(BENCH_JSON), report.toJson());
            return report;
        }
    }

    /** One in-memory run and its wall and CPU seconds. */
    private record Timed(RunResult result, double wall, double cpu) {}

    private static Timed inMemory(ExperimentSpec spec, PrintStream notices, String roundLabel) {
        notices.println("asyncrl bench: in-memory pipeline" + roundLabel + " ...");
        ProcessClock clock = new ProcessClock();
        RunResult result = InMemoryRunner.run(spec);
        return new Timed(result, clock.wallSeconds(), clock.cpuSeconds());
    }

    private static long records(List<TopicTraffic.Count> traffic) {
        return traffic.stream().mapToLong(TopicTraffic.Count::records).sum();
    }

    private static String roundLabel(int round, int rounds) {
        return rounds == 1 ? "" : " (round " + (round + 1) + " of " + rounds + ")";
    }

    /** Round 1's topics keep the names they always had. */
    private static String roundPrefix(int round) {
        return round == 0 ? "" : "r" + (round + 1) + ".";
    }

    /** One phase's rounds; the best is the least wall, with that round's CPU and records. */
    private static final class Rounds {
        private final List<Phase> phases = new ArrayList<>();

        void add(Phase p) {
            phases.add(p);
        }

        Phase best() {
            return phases.get(bestIndex());
        }

        /** The first round of the least wall. */
        int bestIndex() {
            int best = 0;
            for (int i = 1; i < phases.size(); i++) {
                if (phases.get(i).wallSeconds() < phases.get(best).wallSeconds()) {
                    best = i;
                }
            }
            return best;
        }

        List<Double> walls() {
            return phases.stream().map(Phase::wallSeconds).toList();
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
