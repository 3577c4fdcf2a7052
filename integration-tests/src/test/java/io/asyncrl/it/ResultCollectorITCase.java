package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.connectors.kafka.EmbeddedKafka;
import io.asyncrl.connectors.kafka.SimEventProducer;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.connectors.kafka.TopicAdmin;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.result.ResultCollector;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.stage.Envelopes;
import io.asyncrl.schemas.BatchItem;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The summaries topic is written at least once: after a recovery the summary stage may publish an experiment's
 * summary again (SoakITCase once saw a second one, built from replayed input, with every figure zero). The
 * collector keeps the first it reads, whichever poll the others arrive in.
 */
class ResultCollectorITCase {
    @Test
    void shouldKeepTheFirstSummaryOfAnExperimentWhenLaterOnesArriveInTheSamePoll() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            String prefix = "collector.";
            TopicAdmin.ensureTopics(bootstrap, prefix, 1);
            String topic = Topic.SUMMARIES.name(prefix);
            try (SimEventProducer producer = new SimEventProducer(bootstrap)) {
                producer.send(topic, Envelopes.data("other", 0L, new RunSummary("{\"experiment_id\": \"other\"}")));
                producer.send(topic, Envelopes.data("x", 0L, new RunSummary("{\"steps\": 4}")));
                producer.send(topic, Envelopes.data("x", 0L, new RunSummary("{\"steps\": 0}")));
                producer.flush();
            }
            try (ResultCollector collector = new ResultCollector(bootstrap, prefix, "x")) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!collector.poll(Duration.ofMillis(200), 4, Duration.ZERO, ProgressListener.NONE)) {
                    assertTrue(System.nanoTime() < deadline, "the summary arrived within a minute");
                }
                // the two summaries of x sit in one partition, back to back: read in one poll, or the second later
                for (int i = 0; i < 5; i++) {
                    collector.poll(Duration.ofMillis(100), 4, Duration.ZERO, ProgressListener.NONE);
                }
                assertEquals("{\"steps\": 4}", collector.summary());
            }
        }
    }

    /**
     * The collector takes the metrics topic's BATCH records item by item (item i is the DATA record of seq + i): a
     * run's step reports and outcomes, sent in batches of 1 to 6 items with replays that start earlier and are cut
     * elsewhere (as a producer restored from a checkpoint sends), come back each once and in full.
     */
    @Test
    void shouldKeepEachStepAndOutcomeOnceWhenBatchesAreReplayedCutOtherwise() throws Exception {
        ExperimentSpec spec = Examples.load("tiny-async.yaml", "collector-batches");
        LocalPipeline local = new LocalPipeline(new CatalogParamsResolver(), -1);
        String summary = local.run(spec);
        List<SimEvent> metrics = local.metrics();
        List<Integer> expectedSteps = new ArrayList<>();
        List<Long> expectedOutcomes = new ArrayList<>();
        for (SimEvent e : metrics) {
            if (e.getPayload() instanceof StepReport r) {
                expectedSteps.add(r.getStep());
            } else if (e.getPayload() instanceof TrajectoryOutcome o) {
                expectedOutcomes.add(o.getScored().getTrajectory().getTrajectoryId());
            }
        }
        expectedSteps.sort(null);
        expectedOutcomes.sort(null);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            String prefix = "batches.";
            TopicAdmin.ensureTopics(bootstrap, prefix, 1);
            int batches = 0;
            try (SimEventProducer producer = new SimEventProducer(bootstrap)) {
                Random random = new Random(11);
                for (SimEvent e : batchedWithReplays(metrics, random)) {
                    batches += e.getKind() == EventKind.BATCH ? 1 : 0;
                    producer.send(Topic.METRICS.name(prefix), e);
                }
                producer.send(Topic.SUMMARIES.name(prefix), Envelopes.data(spec.getId(), 0L, new RunSummary(summary)));
                producer.flush();
            }
            assertTrue(batches > 10, batches + " batches");
            try (ResultCollector collector = new ResultCollector(bootstrap, prefix, spec.getId())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!collector.poll(Duration.ofMillis(200), 4, Duration.ZERO, ProgressListener.NONE)) {
                    assertTrue(System.nanoTime() < deadline, "the summary arrived within a minute");
                }
                RunResult result = collector.finish(Duration.ZERO);
                assertEquals(expectedSteps, result.steps().stream().map(StepReport::getStep).toList());
                assertEquals(expectedOutcomes, result.trajectories().stream().map(o -> o.getScored().getTrajectory().getTrajectoryId())
                        .sorted().toList());
            }
        }
    }

    /** Each producer's runs of numbered DATA records as batches of 1 to 6, and after some of them a replay. */
    private static List<SimEvent> batchedWithReplays(List<SimEvent> records, Random random) {
        List<SimEvent> out = new ArrayList<>();
        int i = 0;
        while (i < records.size()) {
            SimEvent first = records.get(i);
            int end = i + 1;
            while (end < records.size() && first.getKind() == EventKind.DATA && first.getSeq() > 0
                    && records.get(end).getKind() == EventKind.DATA
                    && records.get(end).getProducer().equals(first.getProducer())
                    && records.get(end).getSeq() == records.get(end - 1).getSeq() + 1) {
                end++;
            }
            for (int from = i; from < end; ) {
                int to = Math.min(end, from + 1 + random.nextInt(6));
                out.add(batch(records.subList(from, to)));
                if (random.nextInt(3) == 0) {
                    out.add(batch(records.subList(Math.max(i, from - random.nextInt(5)), to)));
                }
                from = to;
            }
            i = end;
        }
        return out;
    }

    private static SimEvent batch(List<SimEvent> data) {
        if (data.size() == 1 && data.get(0).getKind() != EventKind.DATA) {
            return data.get(0);
        }
        List<BatchItem> items = new ArrayList<>();
        for (SimEvent d : data) {
            BatchItem item = new BatchItem();
            item.setTimeUs(d.getTimeUs());
            item.setPayload(d.getPayload());
            items.add(item);
        }
        SimEvent first = data.get(0);
        return Envelopes.of(first.getExperimentId(), EventKind.BATCH, first.getTimeUs(), first.getProducer(),
                first.getSeq(), null, items);
    }
}
