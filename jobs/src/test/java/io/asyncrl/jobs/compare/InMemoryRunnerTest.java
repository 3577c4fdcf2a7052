package io.asyncrl.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.OutcomeOrder;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryRunnerTest {

    @Test
    void aRunWithoutTrajectoriesHasTheSameSummaryAndStepsAndNoOutcomes() throws Exception {
        Path spec = Path.of("..", "examples", "tiny-async.yaml");
        RunResult full = InMemoryRunner.run(SpecLoader.load(spec, "exp-full"), true);
        RunResult lean = InMemoryRunner.run(SpecLoader.load(spec, "exp-full"), false);
        assertTrue(full.trajectories().size() > 100, "outcomes of the full run: " + full.trajectories().size());
        assertEquals(0, lean.trajectories().size());
        assertEquals(full.summaryJson(), lean.summaryJson());
        assertEquals(full.steps(), lean.steps());
        assertEquals(full.evaluations(), lean.evaluations());
    }

    /**
     * The outcomes kept in columns as they come are those the metrics log held, in the same order (by id, stable):
     * for every policy variant of the tiny spec (drops, aborts, requeues, several spans, pending ones).
     */
    @Test
    void theOutcomesKeptAsTheyComeAreThoseOfTheMetricsLogInTheSameOrder() throws Exception {
        Path spec = Path.of("..", "examples", "tiny-async.yaml");
        SpecVariants base = new SpecVariants(Files.readString(spec), spec.toString());
        int aborted = 0;
        int dropped = 0;
        int multiSpan = 0;
        for (Variant v : PolicySets.variants(base, PolicySets.names(List.of("all")))) {
            LocalPipeline logged = new LocalPipeline(new CatalogParamsResolver(), -1);
            logged.run(v.spec());
            List<TrajectoryOutcome> fromLog = new ArrayList<>();
            for (SimEvent e : logged.metrics()) {
                if (e.getPayload() instanceof TrajectoryOutcome o) {
                    fromLog.add(o);
                }
            }
            List<TrajectoryOutcome> expected = OutcomeOrder.sortedById(fromLog);
            List<TrajectoryOutcome> kept = InMemoryRunner.run(v.spec(), true).trajectories();
            assertEquals(expected.size(), kept.size(), v.label() + ": outcomes");
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), kept.get(i), v.label() + ": outcome " + i);
            }
            for (TrajectoryOutcome o : expected) {
                aborted += o.getAborted() ? 1 : 0;
                dropped += !o.getTrained() && !o.getAborted() && o.getStep() >= 0 ? 1 : 0;
                multiSpan += o.getScored().getTrajectory().getSpans().size() > 1 ? 1 : 0;
            }
        }
        assertTrue(aborted > 0 && multiSpan > 0, "aborted " + aborted + ", several spans " + multiSpan
                + ", dropped " + dropped);
    }
}
