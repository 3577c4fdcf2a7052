package io.asyncrl.jobs.plan;

import io.asyncrl.jobs.compare.SettledSteps;
import io.asyncrl.jobs.compare.Variant;

/**
 * One configuration the planner considers: the rollout/train split, TP per role and the staleness
 * bound, or a synchronous colocated run (both roles on all the devices, staleness 0), with its analytic throughput
 * bound (trained tokens/s) and, once simulated, the measured one.
 * {@link #variant} holds the exact spec that was simulated (the planner's step count included; a settled candidate's
 * longer run, {@link #settledSteps}), so {@code plan --confirm} can run the same spec on Flink and compare its summary
 * with {@link #summaryJson}.
 */
public final class Candidate {
    final int rolloutDevices;
    final int trainDevices;
    final int rolloutTp;
    final int trainTp;
    final int eta;
    /** Both roles on the same devices ({@link #rolloutDevices} = {@link #trainDevices} = all of them), synchronous. */
    final boolean colocated;
    Variant variant;
    final double rolloutBound;
    final double trainBound;
    final double bound;
    double simulated = Double.NaN;
    double stalenessMean = Double.NaN;
    double stepSeconds = Double.NaN;
    /** The in-memory run's summary JSON, once simulated. */
    String summaryJson;
    /** The steps of the settled rerun its figures come from ({@link SettledSteps#of}), or 0: the search's run. */
    int settledSteps;

    Candidate(int rolloutDevices, int trainDevices, int rolloutTp, int trainTp, int eta, Variant variant,
            double rolloutBound, double trainBound, double bound) {
        this(rolloutDevices, trainDevices, rolloutTp, trainTp, eta, false, variant, rolloutBound, trainBound, bound);
    }

    /** A synchronous colocated candidate on {@code devices} devices. */
    static Candidate colocated(int devices, int rolloutTp, int trainTp, Variant variant, double rolloutBound,
            double trainBound, double bound) {
        return new Candidate(devices, devices, rolloutTp, trainTp, 0, true, variant, rolloutBound, trainBound, bound);
    }

    private Candidate(int rolloutDevices, int trainDevices, int rolloutTp, int trainTp, int eta, boolean colocated,
            Variant variant, double rolloutBound, double trainBound, double bound) {
        this.colocated = colocated;
        this.rolloutDevices = rolloutDevices;
        this.trainDevices = trainDevices;
        this.rolloutTp = rolloutTp;
        this.trainTp = trainTp;
        this.eta = eta;
        this.variant = variant;
        this.rolloutBound = rolloutBound;
        this.trainBound = trainBound;
        this.bound = bound;
    }

    /** The devices the configuration occupies. */
    int devices() {
        return colocated ? rolloutDevices : rolloutDevices + trainDevices;
    }

    String config() {
        if (colocated) {
            return String.format(java.util.Locale.ROOT, "colocated %d (rollout tp %d, train tp %d), sync", rolloutDevices,
                    rolloutTp, trainTp);
        }
        return String.format(java.util.Locale.ROOT, "rollout %d (tp %d) + train %d (tp %d), eta %d", rolloutDevices,
                rolloutTp, trainDevices, trainTp, eta);
    }

    boolean simulatedYet() {
        return !Double.isNaN(simulated);
    }
}
