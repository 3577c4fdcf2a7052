package io.asyncrl.jobs.result;

import io.asyncrl.schemas.StepReport;
import java.time.Duration;

/** Told about each training step as its report arrives on the metrics topic. */
@FunctionalInterface
public interface ProgressListener {
    void step(StepReport step, int totalSteps, Duration wall);

    ProgressListener NONE = (s, n, w) -> {};
}
