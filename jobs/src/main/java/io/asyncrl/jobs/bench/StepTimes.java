package io.asyncrl.jobs.bench;

import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.schemas.StepReport;
import java.time.Duration;

/**
 * When, into the Flink+Kafka phase, the CLI saw the first and the last training step's report: what the phase spends
 * before any step (the MiniCluster's start, the job's deployment, the first step's work with cold code), on the steps,
 * and after the last one (the summary, the job's end).
 */
public record StepTimes(int steps, double firstStepSeconds, double lastStepSeconds) {

    /** Milliseconds a step from the first step's report to the last's; NaN with fewer than two steps. */
    public double millisPerStepAfterTheFirst() {
        return steps < 2 ? Double.NaN : 1000 * (lastStepSeconds - firstStepSeconds) / (steps - 1);
    }

    /** Records the steps a run reports, timed on the phase's own clock; passes each report on to {@code next}. */
    static final class Recorder implements ProgressListener {
        private final ProcessClock clock;
        private final ProgressListener next;
        private int steps;
        private double first = Double.NaN;
        private double last = Double.NaN;

        Recorder(ProcessClock clock, ProgressListener next) {
            this.clock = clock;
            this.next = next;
        }

        @Override
        public synchronized void step(StepReport step, int totalSteps, Duration wall) {
            double now = clock.wallSeconds();
            if (steps == 0) {
                first = now;
            }
            last = now;
            steps++;
            next.step(step, totalSteps, wall);
        }

        /** Null when the run reported no step. */
        synchronized StepTimes times() {
            return steps == 0 ? null : new StepTimes(steps, first, last);
        }
    }
}
