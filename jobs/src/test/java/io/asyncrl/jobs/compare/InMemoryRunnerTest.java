package io.asyncrl.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.spec.SpecLoader;
import java.nio.file.Path;
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
}
