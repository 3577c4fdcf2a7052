package io.asyncrl.jobs.result;

import io.asyncrl.schemas.EvalResult;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.time.Duration;
import java.util.List;

/** What a finished run produced: the summary JSON and the rows behind the Arrow files. */
public record RunResult(
        String experimentId,
        String summaryJson,
        List<StepReport> steps,
        List<TrajectoryOutcome> trajectories,
        List<EvalResult> evaluations,
        Duration wallTime) {}
