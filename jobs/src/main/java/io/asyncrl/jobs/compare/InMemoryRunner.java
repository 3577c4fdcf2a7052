package io.asyncrl.jobs.compare;

import io.asyncrl.jobs.result.OutcomeColumns;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.schemas.EvalResult;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StepReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs one experiment through {@link LocalPipeline}: the same stage code as the Flink job, in memory
 * in one thread (integration tests hold the two byte-identical). Used where many configurations are
 * simulated (plan, validate papers) and by {@code compare --in-memory}.
 */
public final class InMemoryRunner {
    private InMemoryRunner() {}

    public static RunResult run(ExperimentSpec spec) {
        return run(spec, true);
    }

    /**
     * With {@code trajectories} false the result's trajectory list is empty: for callers that read only the summary
     * and the steps (plan, validate papers), which then do not hold every outcome of every run in memory.
     */
    public static RunResult run(ExperimentSpec spec, boolean trajectories) {
        long t0 = System.nanoTime();
        LocalPipeline pipeline = new LocalPipeline(new CatalogParamsResolver(), -1);
        // The outcomes go to off-heap columns as they come, as the Flink run's collector keeps them: as objects,
        // a 250-step run of the AReaL 7B spec held about 590 MB of heap until the end, and 8 such variants of
        // compare --in-memory ran out of a 4 GB heap (docs/performance.md, sixteenth session).
        OutcomeColumns outcomes = new OutcomeColumns();
        if (trajectories) {
            pipeline.withOutcomeSink(outcomes::add);
        } else {
            pipeline.withoutOutcomeLog();
        }
        String summary = pipeline.run(spec);
        List<StepReport> steps = new ArrayList<>();
        for (SimEvent e : pipeline.metrics()) {
            if (e.getPayload() instanceof StepReport s) {
                steps.add(s);
            }
        }
        List<EvalResult> evals = new ArrayList<>();
        for (SimEvent e : pipeline.evalResults()) {
            if (e.getPayload() instanceof EvalResult r) {
                evals.add(r);
            }
        }
        steps.sort(Comparator.comparingInt(StepReport::getStep));
        return new RunResult(spec.getId(), summary, steps, outcomes.sortedById(), evals, Duration.ofNanos(System.nanoTime() - t0));
    }
}
