package io.asyncrl.jobs.calibrate;

import io.asyncrl.hw.OptionRanges;
import io.asyncrl.jobs.compare.SettledSteps;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.run.Refused;
import io.asyncrl.operators.sim.core.StalenessRule;
import io.asyncrl.schemas.ExperimentSpec;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The step-time fit of an asynchronous run ({@link StepTimeFit}). Its generation and training overlap, so the step does
 * not split into the two; what the measured figures give instead:
 * <ul>
 *   <li>the training time per step is the trainer's own work, overlap or not: it fixes {@code train.time-scale};</li>
 *   <li>the trainer's wait for its batches fixes {@code inference.time-scale} when the file gives it; without it, the
 *   step does (the measured training plus the simulated rest: the wait and the weight update's hold). Neither shrinks
 *   as generation gets slower, so the scale is found by bracketing it and then false position (the Illinois rule,
 *   {@link #monotone}), not by secant steps, which stall where the function is flat;</li>
 *   <li>where the trainer bounds the step (it waited under {@link #NO_WAIT} of it) the step is its pace whatever
 *   generation's speed: the rollout's scale stays where the spec has it, or comes down only as far as keeps the
 *   trainer from waiting, and {@link StepTimeFit.Result#trainerBound()} says so.</li>
 * </ul>
 * The batches an asynchronous trainer takes depend on how fast answers finish (with slow generation the short ones
 * fill them first), so its training time moves with the rollout's scale: the rollout's side is fitted as a function of
 * its scale with the trainer's scale solved at each point for the measured training. A row of verl's fully-asynchronous
 * trainer sums a weight sync's updates, and is divided by {@code async.updates_per_sync} ({@link MeasuredSteps}).
 * Each simulation runs {@link SettledSteps#of} steps (24, or 4 x (eta + 1)), whose second half is past the fill, and
 * the fit is to {@link #TOLERANCE} of the measured step: an asynchronous run's steps swing with its staleness bound.
 */
final class AsyncFit {
    /** The fit's relative tolerance: 0.5% of the measured mean. */
    static final double TOLERANCE = 0.005;
    /**
     * A trainer waiting less than this share of its step for batches was not held up by generation: the hand-over of
     * a batch and the loop's own work take as much, and an asynchronous run's second half has its mean training and
     * mean step that far apart anyway.
     */
    static final double NO_WAIT = 0.02;

    private AsyncFit() {}

    static StepTimeFit.Result fit(SpecVariants base, ExperimentSpec spec, MeasuredSteps measured) {
        int eta = StalenessRule.of(spec.getAsync(), spec.getAlgorithm().getGroupSize()
                * spec.getAlgorithm().getPromptsPerStep()).maxTrainedStaleness();
        int steps = SettledSteps.of(0, eta);
        StepTimeFit.Memo sim = new StepTimeFit.Memo(base, spec, steps);
        double si0 = StepTimeFit.scale(spec, StepTimeFit.INFERENCE);
        double st0 = StepTimeFit.scale(spec, StepTimeFit.TRAIN);
        // a row of verl's fully-asynchronous trainer sums the updates of a weight sync: per update, as simulated
        int perRow = measured.perWeightSync() ? Math.max(1, spec.getAsync().getUpdatesPerSync()) : 1;
        StepTimeFit.Phases m = new StepTimeFit.Phases(measured.meanStepSeconds() / perRow,
                measured.meanTrainingSeconds() / perRow, measured.meanWaitingSeconds() / perRow);
        StepTimeFit.Phases before = sim.run(si0, st0);
        OptionRanges.Range range = StepTimeFit.RANGE;
        // every quantity to 0.5% of the measured step (a wait may be 0)
        double tol = TOLERANCE * m.stepSeconds();
        if (!measured.hasTraining()) {
            // one factor on both sides: the step grows with it wherever the run is bound
            OptionRanges.Range factors = new OptionRanges.Range(range.min() / Math.min(si0, st0),
                    range.max() / Math.max(si0, st0));
            double c = monotone(x -> sim.run(si0 * x, st0 * x).stepSeconds(), m.stepSeconds(), tol, 1,
                    before.stepSeconds(), factors, (x, fx) -> StepTimeFit.unreachable(m.stepSeconds(), "the step time",
                    "one factor on " + StepTimeFit.INFERENCE + " and " + StepTimeFit.TRAIN, x, fx), false);
            return new StepTimeFit.Result(si0 * c, st0 * c, si0, st0, m, before, sim.run(si0 * c, st0 * c), sim.runs(),
                    steps, true, false, perRow);
        }
        // the trainer's scale that gives the measured training at a rollout scale, from the last one found
        double trainTol = TOLERANCE * m.trainingSeconds();
        double[] last = {st0};
        DoubleUnaryOperator trainScaleAt = si -> {
            last[0] = monotone(x -> sim.run(si, x).trainingSeconds(), m.trainingSeconds(), trainTol, last[0],
                    sim.run(si, last[0]).trainingSeconds(), range, (x, fx) -> StepTimeFit.unreachable(
                    m.trainingSeconds(), "the training time per step", StepTimeFit.TRAIN, x, fx), false);
            return last[0];
        };
        // what fixes the rollout's scale: the trainer's measured wait for its batches when the file gives it, else the
        // step as the measured training plus the simulated rest (the wait and the part of the weight update that holds
        // the trainer); either way the training's own residual, where a batch's answers jump, stays out of it
        boolean byWait = measured.hasWaiting();
        // a wait under 2% of the step (data hand-over, the loop's own work) says the trainer did not wait: any wait in
        // [0, 2%] fits, the target band's middle with half its width as the tolerance
        double noWait = NO_WAIT * m.stepSeconds();
        boolean waited = byWait && m.waitingSeconds() > noWait;
        double target = !byWait ? m.stepSeconds() : waited ? m.waitingSeconds() : noWait / 2;
        double bandTol = byWait && !waited ? noWait / 2 : tol;
        DoubleUnaryOperator rolloutSide = x -> {
            StepTimeFit.Phases p = sim.run(x, trainScaleAt.applyAsDouble(x));
            return byWait ? p.waitingSeconds() : m.trainingSeconds() + p.rest();
        };
        double si = si0;
        double f0 = rolloutSide.applyAsDouble(si);
        if (Math.abs(f0 - target) > bandTol) {
            si = monotone(rolloutSide, target, bandTol, si, f0, range, (x, fx) -> fx < target
                    ? StepTimeFit.unreachable(target, byWait ? "the trainer's wait for a batch" : "the step",
                    StepTimeFit.INFERENCE, x, fx)
                    : new Refused(String.format(Locale.ROOT, "the simulation cannot take the measured %s s for the "
                    + "%s: with generation as fast as %s %s allows it takes %s s%s. Check the spec's framework (its "
                    + "weight-sync mechanism) and that the file's columns are of the same steps",
                    CalibrateCommand.format(target), byWait ? "trainer's wait for a batch" : "step", StepTimeFit.INFERENCE,
                    CalibrateCommand.format(x), CalibrateCommand.format(fx), byWait ? "" : ", the trainer's own pace with "
                    + "the measured " + CalibrateCommand.format(m.trainingSeconds()) + " s of training a step and what "
                    + "holds it (the weight update)")), true);
        }
        double st = trainScaleAt.applyAsDouble(si);
        StepTimeFit.Phases at = sim.run(si, st);
        // bound by the trainer: it did not wait for its batches (measured), or generation twice as fast would not shorten
        // the step by more than NO_WAIT
        boolean trainerBound = byWait ? !waited : rolloutSide.applyAsDouble(range.clamp(si / 2))
                >= m.trainingSeconds() + at.rest() - NO_WAIT * m.stepSeconds();
        return new StepTimeFit.Result(si, st, si0, st0, m, before, at, sim.runs(), steps, true, trainerBound, perRow);
    }

    /** What a scale at the end of its range, where the quantity is still short of or past the target, is refused with. */
    @FunctionalInterface
    interface Unreachable {
        Refused at(double scale, double simulated);
    }

    /**
     * The scale at which {@code f}, non-decreasing in it, gives {@code target} to within {@code tol} seconds, from
     * {@code x0} where it gives {@code f0}: a proportional guess, then doubling or halving until the target lies between
     * two points, then false position with the Illinois rule. An asynchronous run's figures step where a batch takes one
     * answer more or less, so the target may fall in a jump: then the scale closest to it is returned once the bracket
     * is narrower than 0.01%, and the fit's table shows what is left. A range end short of the target is refused. With
     * {@code nearest}, the scale nearest {@code x0} that gives the target: where {@code f} is flat (a trainer-bound
     * step, whatever generation's speed below some point) every scale of the flat gives it, and the one kept is the
     * smallest change to the spec's scale, to 1%.
     */
    static double monotone(DoubleUnaryOperator f, double target, double tol, double x0, double f0,
            OptionRanges.Range range, Unreachable unreachable, boolean nearest) {
        if (Math.abs(f0 - target) <= tol) {
            return x0;
        }
        boolean up = f0 < target;
        double lo = x0;
        double flo = f0;
        double hi = x0;
        double fhi = f0;
        Probe probe = new Probe(f, target, x0, f0);
        double x = range.clamp(target > 0 && f0 > 0 ? x0 * target / f0 : up ? x0 * 2 : x0 / 2);
        for (int i = 0; ; i++) {
            if (x == (up ? hi : lo) || i == StepTimeFit.MAX_SIMULATIONS) {
                throw unreachable.at(x, up ? fhi : flo);
            }
            double fx = probe.at(x);
            if (Math.abs(fx - target) <= tol) {
                return nearest ? toward(f, target, tol, x, up ? hi : lo) : x;
            }
            if (up) {
                lo = hi;
                flo = fhi;
                hi = x;
                fhi = fx;
                if (fx > target) {
                    break;
                }
                x = range.clamp(x * 2);
            } else {
                hi = lo;
                fhi = flo;
                lo = x;
                flo = fx;
                if (fx < target) {
                    break;
                }
                x = range.clamp(x / 2);
            }
        }
        int side = 0;
        for (int i = 0; i < StepTimeFit.MAX_SIMULATIONS && hi - lo > 1e-4 * hi; i++) {
            double xi = fhi == flo ? (lo + hi) / 2 : lo + (target - flo) * (hi - lo) / (fhi - flo);
            double fx = probe.at(xi);
            if (Math.abs(fx - target) <= tol) {
                return nearest ? toward(f, target, tol, xi, up ? lo : hi) : xi;
            }
            if (fx < target) {
                lo = xi;
                flo = fx;
                // Illinois: the end kept twice in a row moves its value halfway to the target
                fhi = side == -1 ? target + (fhi - target) / 2 : fhi;
                side = -1;
            } else {
                hi = xi;
                fhi = fx;
                flo = side == 1 ? target + (flo - target) / 2 : flo;
                side = 1;
            }
        }
        return probe.best;
    }

    /** {@code f} evaluated where a search goes, keeping the point closest to its target. */
    private static final class Probe {
        private final DoubleUnaryOperator f;
        private final double target;
        private double best;
        private double bestMiss;

        Probe(DoubleUnaryOperator f, double target, double x0, double f0) {
            this.f = f;
            this.target = target;
            this.best = x0;
            this.bestMiss = Math.abs(f0 - target);
        }

        double at(double x) {
            double fx = f.applyAsDouble(x);
            if (Math.abs(fx - target) < bestMiss) {
                best = x;
                bestMiss = Math.abs(fx - target);
            }
            return fx;
        }
    }

    /**
     * From {@code inside}, where {@code f} gives the target, toward {@code outside}, where it does not: the scale
     * nearest {@code outside} that still gives it, by halving the gap to 1% of the scale (at most 8 simulations).
     */
    static double toward(DoubleUnaryOperator f, double target, double tol, double inside, double outside) {
        for (int i = 0; i < 8 && Math.abs(outside - inside) > 0.01 * inside; i++) {
            double mid = (inside + outside) / 2;
            if (Math.abs(f.applyAsDouble(mid) - target) <= tol) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        return inside;
    }
}
