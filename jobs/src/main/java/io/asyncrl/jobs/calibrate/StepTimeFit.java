package io.asyncrl.jobs.calibrate;

import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.OptionRanges;
import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.run.Refused;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.StepReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits {@code inference.time-scale} and {@code train.time-scale} so that the simulation of a synchronous spec takes the
 * step times a user measured on that run ({@link MeasuredSteps}): the training time per step fixes the trainer's
 * scale, the rest of the step (generation, reward, weight sync or switches) the rollout's. Without a training column
 * one factor scales both. The scales multiply every prefill, decode and training time the hardware model gives, so a
 * calibrated spec keeps every mechanic of the model (tails, staleness, overlap) and takes the user's absolute speed:
 * what the simulation cannot know about a framework's overheads on a given cluster (docs/hardware-models.md,
 * Calibrating from a run's step times).
 *
 * <p>Each scale is found by the secant method on one simulated quantity (the quantities are close to affine in their
 * scale: the unscaled parts, weight sync and reward, stay), within the options' range, to 0.01% of the measured mean.
 *
 * <p>An asynchronous spec ({@link AsyncFit}) takes the trainer's scale from its training time too, but the rest of its
 * step is not generation: the trainer waits for a batch only when generation is the slower side, so the rollout's scale
 * is fitted to that wait (or, without it, to the whole step), and is left as it is when the run is bound by its trainer
 * (its step then says only that generation kept up).
 */
public final class StepTimeFit {
    static final String INFERENCE = HardwareModelOptions.INFERENCE_TIME_SCALE.key();
    static final String TRAIN = HardwareModelOptions.TRAIN_TIME_SCALE.key();
    static final double TOLERANCE = 1e-4;
    static final int MAX_SIMULATIONS = 16;
    /**
     * Most steps each simulation of the fit runs: a synchronous step has no pipeline to fill, so the mean of the second
     * half of 24 steps is the run's; a longer spec would only make each of the fit's simulations longer.
     */
    static final int MAX_STEPS = 24;
    static final OptionRanges.Range RANGE = OptionRanges.of(HardwareModelOptions.INFERENCE_TIME_SCALE).orElseThrow();

    private StepTimeFit() {}

    /**
     * A simulated or measured step: its whole time, the training part and the trainer's wait for a batch (NaN when not
     * known).
     */
    public record Phases(double stepSeconds, double trainingSeconds, double waitingSeconds) {
        Phases(double stepSeconds, double trainingSeconds) {
            this(stepSeconds, trainingSeconds, Double.NaN);
        }

        double rest() {
            return stepSeconds - trainingSeconds;
        }

        /** An asynchronous step's rest beyond the wait for a batch: the weight update and whatever else holds it. */
        double held() {
            return rest() - waitingSeconds;
        }
    }

    /**
     * The fitted scales, the spec's own before, the simulated steps before and after, the simulations run, whether the
     * spec is asynchronous, for one whose trainer bounds its step, that the rollout's scale was not fitted, and how many
     * updates a row of the file summed (verl's fully-asynchronous trainer: its weight sync's; the measured phases are
     * per update).
     */
    public record Result(double inferenceScale, double trainScale, double inferenceStart, double trainStart,
            Phases measured, Phases before, Phases after, int simulations, int stepsSimulated, boolean async,
            boolean trainerBound, int updatesPerRow) {}

    /** Fits the spec read from {@code specText} (named {@code source}) to {@code measured}. */
    public static Result fit(String specText, String source, MeasuredSteps measured) {
        SpecVariants base = new SpecVariants(specText, source);
        ExperimentSpec spec = base.variant(Map.of(), "as-is").spec();
        if (spec.getAsync().getMode() != AsyncMode.SYNC) {
            return AsyncFit.fit(base, spec, measured);
        }
        if (measured.perWeightSync()) {
            throw new Refused(measured.file() + " holds the rows of verl's fully-asynchronous trainer (each a weight sync's "
                    + "updates, with " + MeasuredSteps.VERL_PARAM_SYNC + "), and " + source + " is synchronous: give the "
                    + "asynchronous spec of the run it measured");
        }
        if (spec.getAsync().getStreaming() && measured.hasTraining()) {
            throw new Refused(source + ": async.streaming is true, so each step's training overlaps its generation's tail "
                    + "and the step does not split into training and the rest; give " + measured.file() + " without "
                    + "its training column (" + String.join(", ", measured.trainingColumns()) + "), and one factor "
                    + "scales both sides");
        }
        double si0 = scale(spec, INFERENCE);
        double st0 = scale(spec, TRAIN);
        Phases m = new Phases(measured.meanStepSeconds(), measured.meanTrainingSeconds(), measured.meanWaitingSeconds());
        int steps = Math.min(spec.getAlgorithm().getSteps(), MAX_STEPS);
        Memo sim = new Memo(base, spec, steps);
        Phases before = sim.run(si0, st0);
        double si;
        double st;
        if (measured.hasTraining()) {
            st = solve(s -> sim.run(si0, s).trainingSeconds(), m.trainingSeconds(), st0, before.trainingSeconds(),
                    RANGE, TRAIN, "the training time per step");
            double stFinal = st;
            Phases atTrain = sim.run(si0, st);
            si = solve(s -> sim.run(s, stFinal).rest(), m.rest(), si0, atTrain.rest(), RANGE, INFERENCE,
                    "the rest of the step (generation, reward, weight sync or switches)");
        } else {
            // one factor on both scales, each kept in the range
            OptionRanges.Range factors = new OptionRanges.Range(RANGE.min() / Math.min(si0, st0),
                    RANGE.max() / Math.max(si0, st0));
            double c = solve(s -> sim.run(si0 * s, st0 * s).stepSeconds(), m.stepSeconds(), 1, before.stepSeconds(),
                    factors, "one factor on " + INFERENCE + " and " + TRAIN, "the step time");
            si = si0 * c;
            st = st0 * c;
        }
        Phases after = sim.run(si, st);
        return new Result(si, st, si0, st0, m, before, after, sim.runs(), steps, false, false, 1);
    }

    @FunctionalInterface
    interface Simulator {
        Phases run(double inferenceScale, double trainScale);
    }

    /**
     * The spec simulated over {@code steps} steps, each pair of scales once: the solvers come back to points (the last
     * one is the fitted one, which the result reports again).
     */
    static final class Memo implements Simulator {
        private final SpecVariants simulated;
        private final Map<List<Double>, Phases> ran = new java.util.HashMap<>();

        Memo(SpecVariants base, ExperimentSpec spec, int steps) {
            this.simulated = steps == spec.getAlgorithm().getSteps() ? base
                    : base.withSetting("algorithm.steps", String.valueOf(steps));
        }

        @Override
        public Phases run(double inferenceScale, double trainScale) {
            return ran.computeIfAbsent(List.of(inferenceScale, trainScale),
                    k -> simulate(simulated, inferenceScale, trainScale));
        }

        /** The simulations run so far. */
        int runs() {
            return ran.size();
        }
    }

    /**
     * The scale at which {@code f} gives {@code target}, from {@code x0} (where it gives {@code f0}): a proportional
     * first guess, then secant steps, within the options' range; refused when the range cannot reach the target.
     */
    static double solve(java.util.function.DoubleUnaryOperator f, double target, double x0, double f0,
            OptionRanges.Range range, String option, String what) {
        double xPrev = x0;
        double fPrev = f0;
        if (Math.abs(fPrev - target) <= TOLERANCE * target) {
            return x0;
        }
        double x = range.clamp(x0 * target / fPrev);
        for (int i = 0; i < MAX_SIMULATIONS; i++) {
            double fx = f.applyAsDouble(x);
            if (Math.abs(fx - target) <= TOLERANCE * target) {
                return x;
            }
            if ((x == range.min() && fx > target) || (x == range.max() && fx < target) || fx == fPrev) {
                throw unreachable(target, what, option, x, fx);
            }
            double next = x + (target - fx) * (x - xPrev) / (fx - fPrev);
            xPrev = x;
            fPrev = fx;
            x = range.clamp(next);
        }
        throw new IllegalStateException("the fit of " + option + " did not settle in " + MAX_SIMULATIONS + " simulations");
    }

    static Refused unreachable(double target, String what, String option, double x, double fx) {
        return new Refused(String.format(Locale.ROOT, "the simulation cannot take the measured %s s for %s: at "
                + "%s %s it takes %s s. Check that the spec is the run you measured (devices, batch, response "
                + "lengths, placement); the measured steps should not include start-up, checkpoints or evaluation",
                CalibrateCommand.format(target), what, option, CalibrateCommand.format(x), CalibrateCommand.format(fx)));
    }

    static double scale(ExperimentSpec spec, String key) {
        String v = spec.getHardware().getOptions().get(key);
        return v == null ? 1.0 : Double.parseDouble(v);
    }

    /** The spec simulated in memory with both scales set (without its evaluation). */
    static Phases simulate(SpecVariants base, double inferenceScale, double trainScale) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("hardware." + INFERENCE, Double.toString(inferenceScale));
        settings.put("hardware." + TRAIN, Double.toString(trainScale));
        // evaluation runs on devices of its own and does not move a step: left out, the fit runs faster
        settings.put("evaluation", "null");
        ExperimentSpec spec = base.variant(settings, "calibrating").spec();
        return phases(InMemoryRunner.run(spec, false).steps(), new CatalogParamsResolver().resolve(spec).trainerSyncUs);
    }

    /** {@link #phases(List, long)} of a run whose trainer no sync holds. */
    static Phases phases(List<StepReport> steps) {
        return phases(steps, 0);
    }

    /**
     * A run's step: the mean time between weights usable on the rollout over the second half of the steps
     * (all of them when there are fewer than three), the mean training time of those steps, and the trainer's mean wait
     * for their batches: from when it was free (the previous step's end, and the part of its weight sync that holds the
     * trainer, {@code trainerHoldUs}) to the step's start.
     */
    static Phases phases(List<StepReport> steps, long trainerHoldUs) {
        int n = steps.size();
        if (n == 0) {
            throw new IllegalStateException("the simulation trained no step");
        }
        int from = n >= 3 ? n / 2 : 0;
        long start = from == 0 ? 0 : steps.get(from - 1).getAvailableUs();
        double step = (steps.get(n - 1).getAvailableUs() - start) / 1e6 / (n - from);
        double training = steps.subList(from, n).stream().mapToDouble(StepReport::getTrainSeconds).average().orElseThrow();
        double waiting = 0;
        for (int k = from; k < n; k++) {
            StepReport prev = k == 0 ? null : steps.get(k - 1);
            // free once its last step trained and, if that step synced, the trainer's part of the sync was done
            long free = prev == null ? 0 : prev.getEndUs() + (prev.getSwitchOrSyncSeconds() > 0 ? trainerHoldUs : 0);
            waiting += Math.max(0, steps.get(k).getStartUs() - free) / 1e6;
        }
        return new Phases(step, training, waiting / (n - from));
    }
}
