package io.asyncrl.operators.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.SimEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The summary stage reading BATCH records: each item is the DATA record it stands for, once. */
class SummaryStageTest {

    @Test
    void shouldSummariseBatchesAsTheRecordsTheyStandForWhenReplaysCutThemOtherwise() {
        ExperimentSpec spec = TestingSpecs.tiny(AsyncMode.ASYNC, 1, false, 1);
        LocalPipeline local = new LocalPipeline(new CatalogParamsResolver(), -1);
        String expected = local.run(spec);
        for (long seed = 1; seed <= 5; seed++) {
            List<SimEvent> records = batchedWithReplays(local.metrics(), new Random(seed));
            assertTrue(records.stream().anyMatch(e -> e.getKind() == EventKind.BATCH && Batches.size(e) > 1));
            SummaryStage stage = new SummaryStage();
            List<String> summaries = new ArrayList<>();
            StageOutput out = new StageOutput() {
                @Override
                public void emit(SimEvent e) {
                    if (e.getPayload() instanceof RunSummary s) {
                        summaries.add(s.getJson());
                    }
                }

                @Override
                public void metric(SimEvent e) {}
            };
            for (SimEvent e : records) {
                stage.onEvent(e, out);
            }
            assertEquals(List.of(expected), summaries, "seed " + seed);
        }
    }

    /**
     * {@code records} with each producer's runs of DATA records (consecutive seqs) cut into batches of 1 to 6 items,
     * and after some batches a replay that starts up to 4 items earlier and is cut elsewhere, as a producer restored
     * from a checkpoint sends.
     */
    static List<SimEvent> batchedWithReplays(List<SimEvent> records, Random random) {
        List<SimEvent> out = new ArrayList<>();
        List<SimEvent> run = new ArrayList<>();
        for (SimEvent e : records) {
            SimEvent last = run.isEmpty() ? null : run.get(run.size() - 1);
            if (last != null && (e.getKind() != EventKind.DATA || !e.getProducer().equals(last.getProducer())
                    || e.getSeq() != last.getSeq() + 1)) {
                cut(run, random, out);
                run.clear();
            }
            if (e.getKind() == EventKind.DATA && e.getSeq() > 0) {
                run.add(e);
            } else {
                out.add(e);
            }
        }
        cut(run, random, out);
        return out;
    }

    private static void cut(List<SimEvent> run, Random random, List<SimEvent> out) {
        int from = 0;
        while (from < run.size()) {
            int to = Math.min(run.size(), from + 1 + random.nextInt(6));
            out.add(Batches.of(run.subList(from, to)));
            if (random.nextInt(3) == 0) {
                int replayFrom = Math.max(0, from - random.nextInt(5));
                out.add(Batches.of(run.subList(replayFrom, Math.min(run.size(), to + random.nextInt(2)))));
            }
            from = to;
        }
    }
}
