package io.asyncrl.jobs.calibrate;

import io.asyncrl.hw.OptionValues;
import io.asyncrl.hw.validation.Calibrator;
import io.asyncrl.hw.validation.HardwareValidation;
import io.asyncrl.hw.validation.Measurements;
import io.asyncrl.hw.validation.ValidationRow;
import io.asyncrl.jobs.run.Refused;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code asyncrl calibrate --measurements FILE.csv --out FILE.yaml} and
 * {@code asyncrl validate hardware --measurements FILE.csv}: the hardware model against a user's own
 * measurements. The methods take parsed arguments and streams; the CLI only wires them. A bad file is an
 * IllegalArgumentException naming the line and column (a usage error, exit 2).
 */
public final class CalibrateCommand {
    private CalibrateCommand() {}

    /** Prints the validation table and summary of the file's rows with the default options. */
    public static int validate(Path measurements, PrintStream out) {
        Measurements m = readMeasurements(measurements);
        out.print(HardwareValidation.report(m, OptionValues.defaults()));
        return 0;
    }

    /**
     * Fits the file's efficiency options, prints the errors before and after and the fitted values, and writes
     * a {@code hardware:} block to {@code outFile} that a spec includes with {@code hardware: {include: FILE}}. The
     * file is checked before the fit ({@link #checkOut}): a folder, or a file that is there already unless {@code force}
     * (a block its user may have edited), is refused; a missing folder above it is created.
     */
    public static int calibrate(Path measurements, Path outFile, boolean force, PrintStream out) throws IOException {
        checkOut(outFile, force);
        Measurements m = readMeasurements(measurements);
        createParent(outFile);
        Calibrator calibrator = Calibrator.of(m);
        Calibrator.Result result = calibrator.fit(OptionValues.defaults());
        List<ValidationRow> before = HardwareValidation.rows(m, result.start());
        List<ValidationRow> after = HardwareValidation.rows(m, result.fitted());
        out.println("asyncrl calibrate: " + m.size() + " " + m.kind().name().toLowerCase(Locale.ROOT) + " rows from "
                + measurements);
        out.println();
        out.println("| row | case | measured | before | error | after | error |");
        out.println("|---|---|---|---|---|---|---|");
        for (int i = 0; i < before.size(); i++) {
            ValidationRow b = before.get(i);
            ValidationRow a = after.get(i);
            out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %+.1f%% | %.0f | %+.1f%% |%n", b.id(), b.description(),
                    b.measured(), b.predicted(), 100 * b.relativeError(), a.predicted(), 100 * a.relativeError());
        }
        out.println();
        out.println("| options | n | median abs error | max abs error |");
        out.println("|---|---|---|---|");
        summary(out, "defaults", before);
        summary(out, "fitted", after);
        out.println();
        for (Map.Entry<String, Double> e : result.values().entrySet()) {
            out.printf(Locale.ROOT, "  %-40s %s -> %s%n", e.getKey(), result.start().get(
                    io.asyncrl.hw.HardwareModelOptions.byKey(e.getKey())), format(e.getValue()));
        }
        for (String key : result.unconstrained()) {
            out.println("  " + key + ": not constrained by these rows; left at its default");
        }
        Files.writeString(outFile, yaml(result, measurements, engine(m)), StandardCharsets.UTF_8);
        out.println();
        out.println("wrote " + outFile + "; use it in a spec with   hardware: {include: " + outFile.getFileName() + "}");
        return 0;
    }

    /**
     * {@code asyncrl calibrate --spec SPEC.yaml --step-times FILE.csv --out FILE.yaml}: fits the time scales so that the
     * spec of the measured run takes its step times ({@link StepTimeFit}; an asynchronous one: {@link AsyncFit}), prints
     * the step before and after, and writes a {@code hardware:} block with the two scales, which the other specs of the
     * same cluster include.
     */
    public static int calibrateSteps(Path spec, Path stepTimes, Path outFile, boolean force, PrintStream out)
            throws IOException {
        checkOut(outFile, force);
        MeasuredSteps measured;
        try {
            measured = MeasuredSteps.read(stepTimes);
        } catch (IllegalArgumentException e) {
            // the file's content, not the command line: one line, no usage
            throw new Refused(e.getMessage());
        }
        String text;
        try {
            text = Files.readString(spec, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Refused(spec + ": cannot read the spec (" + e.getClass().getSimpleName() + ")");
        }
        createParent(outFile);
        StepTimeFit.Result r = StepTimeFit.fit(text, spec.toString(), measured);
        out.println("asyncrl calibrate: " + spec + (r.async() ? " (asynchronous)" : " (sync)") + " against "
                + measured.rows().size() + " measured step" + (measured.rows().size() == 1 ? "" : "s") + " of "
                + stepTimes);
        out.println("  step: " + measured.stepColumn() + (measured.excludedColumns().isEmpty() ? "" : " without "
                + String.join(" and ", measured.excludedColumns())) + (measured.hasTraining() ? "; training: "
                + String.join(" + ", measured.trainingColumns()) : "; no training column: one factor scales both sides")
                + (r.async() && measured.hasTraining() ? (measured.hasWaiting() ? "; waiting for a batch: "
                + String.join(" + ", measured.waitingColumns()) + " (fits the rollout's scale)" : "; no waiting column: "
                + "the step fits the rollout's scale") : ""));
        if (r.updatesPerRow() > 1) {
            out.println("  each row sums the " + r.updatesPerRow() + " updates of a weight sync (verl's fully-asynchronous "
                    + "trainer; async.updates_per_sync " + r.updatesPerRow() + "): measured per update below");
        }
        out.println();
        out.println("| per step (mean) | measured | simulated | error | calibrated | error |");
        out.println("|---|---|---|---|---|---|");
        phaseRow(out, "step", r.measured().stepSeconds(), r.before().stepSeconds(), r.after().stepSeconds());
        phaseRow(out, "training", r.measured().trainingSeconds(), r.before().trainingSeconds(), r.after().trainingSeconds());
        if (r.async()) {
            // an asynchronous step's rest: the trainer waiting for a batch, then the weight update and what else holds it
            phaseRow(out, "waiting for a batch", r.measured().waitingSeconds(), r.before().waitingSeconds(),
                    r.after().waitingSeconds());
            phaseRow(out, "weight update and the rest", r.measured().held(), r.before().held(), r.after().held());
        } else {
            phaseRow(out, "generation and the rest", r.measured().rest(), r.before().rest(), r.after().rest());
        }
        out.println();
        out.printf(Locale.ROOT, "  %-22s %s -> %s%n", StepTimeFit.INFERENCE, format(r.inferenceStart()),
                format(r.inferenceScale()));
        out.printf(Locale.ROOT, "  %-22s %s -> %s%n", StepTimeFit.TRAIN, format(r.trainStart()), format(r.trainScale()));
        out.println("  (" + r.simulations() + " simulations of " + r.stepsSimulated() + " steps; the simulated step is the "
                + "mean over the second half of its steps" + (r.async() ? ", fitted to 0.5%" : "") + ")");
        double heldMiss = Math.abs(r.measured().held() - r.after().held());
        if (r.async() && heldMiss > AsyncFit.NO_WAIT * r.measured().stepSeconds()) {
            out.println("  the weight update and the rest of a step differ by " + seconds(heldMiss) + " s ("
                    + String.format(Locale.ROOT, "%.1f", 100 * heldMiss / r.measured().stepSeconds())
                    + "% of the step): the time scales do not move them; the sync.* "
                    + "options do (docs/hardware-models.md, Weight-sync mechanisms)");
        }
        if (r.trainerBound()) {
            out.println("  the run is bound by its trainer: its step says only that generation kept up, so "
                    + StepTimeFit.INFERENCE + (r.inferenceScale() == r.inferenceStart() ? " stays " + format(
                    r.inferenceScale()) : " " + format(r.inferenceScale()) + " is the slowest generation that keeps the "
                    + "measured step (it may have been faster)") + "; fit it on a run whose trainer waits for its "
                    + "batches, or on a synchronous one");
        }
        Files.writeString(outFile, stepsYaml(r, measured.rows().size(), spec, stepTimes), StandardCharsets.UTF_8);
        out.println();
        out.println("wrote " + outFile + "; include it in the specs of this cluster and framework with   hardware: "
                + "{include: " + outFile.getFileName() + "}   (plan, compare and run then take these scales)");
        if (r.inferenceStart() != 1 || r.trainStart() != 1) {
            out.println("note: " + spec + " sets a time scale itself, and keys set in a spec win over an included block: "
                    + "remove them from a spec that includes this one");
        }
        return 0;
    }

    private static void phaseRow(PrintStream out, String label, double measured, double before, double after) {
        if (Double.isNaN(measured)) {
            out.printf(Locale.ROOT, "| %s | - | %s s | | %s s | |%n", label, seconds(before), seconds(after));
        } else if (measured <= 0) {
            // a trainer that never waited: no relative error
            out.printf(Locale.ROOT, "| %s | 0 s | %s s | | %s s | |%n", label, seconds(before), seconds(after));
        } else {
            out.printf(Locale.ROOT, "| %s | %s s | %s s | %+.1f%% | %s s | %+.1f%% |%n", label, seconds(measured),
                    seconds(before), 100 * (before / measured - 1), seconds(after), 100 * (after / measured - 1));
        }
    }

    /** Four significant digits (a step of 0.2 s or of 2,000 s). */
    static String seconds(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).toPlainString();
    }

    /** The hardware: block of a step-time calibration: the two scales, with where they came from. */
    static String stepsYaml(StepTimeFit.Result r, int measuredSteps, Path spec, Path stepTimes) {
        return String.format(Locale.ROOT, "# Written by asyncrl calibrate from %s (%d measured steps) and the spec %s: the "
                + "time scales\n# at which its simulated step takes the measured time (docs/hardware-models.md, "
                + "Calibrating from a run's step times).\n# Include it in a spec with  hardware: {include: THIS_FILE}  "
                + "(keys set in the spec win).\nhardware:\n  %s: %s\n  %s: %s\n", stepTimes.getFileName(),
                measuredSteps, spec.getFileName(), StepTimeFit.INFERENCE,
                format(r.inferenceScale()), StepTimeFit.TRAIN, format(r.trainScale()));
    }

    /** The measurements file; a bad row is the file's fault, not the command line's: one line, no usage. */
    private static Measurements readMeasurements(Path file) {
        try {
            return Measurements.read(file);
        } catch (IllegalArgumentException e) {
            String hint = "";
            try {
                String header = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElse("");
                if (MeasuredSteps.holdsStepTimes(header)) {
                    hint = "; it holds step times: give them with --spec SPEC.yaml --step-times " + file;
                }
            } catch (IOException | java.io.UncheckedIOException unreadable) {
                // the message above already says the file cannot be read
            }
            throw new Refused(e.getMessage() + hint);
        }
    }

    /** Refuses {@code --out} when it is a folder, or a file already there unless {@code force}. */
    static void checkOut(Path outFile, boolean force) {
        if (Files.isDirectory(outFile)) {
            throw new Refused("--out " + outFile + " is a folder; give a file for the hardware: block, e.g. --out "
                    + outFile.resolve("hardware.yaml"));
        }
        if (Files.exists(outFile) && !force) {
            throw new Refused("--out " + outFile + " is there already; give --force to replace it, or another --out");
        }
    }

    private static void createParent(Path outFile) {
        Path parent = outFile.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException | SecurityException e) {
            throw new Refused("--out " + outFile + ": cannot create the folder " + parent + " ("
                    + e.getClass().getSimpleName() + "); give a file in a folder you can write to");
        }
        if (!Files.isWritable(parent)) {
            throw new Refused("--out " + outFile + ": the folder " + parent + " is not writable; give a file in a folder"
                    + " you can write to");
        }
    }

    /**
     * The engine every inference row names (its engine column), if they name one: the fit priced the options it does
     * not fit with that engine's profile, so the written block names the engine too. Otherwise the shared values.
     */
    static io.asyncrl.hw.InferenceEngine engine(Measurements m) {
        List<io.asyncrl.hw.InferenceEngine> engines = m.inference().stream()
                .map(io.asyncrl.hw.validation.InferenceBenchmark.Case::inferenceEngine).distinct().toList();
        return engines.size() == 1 ? engines.get(0) : io.asyncrl.hw.InferenceEngine.SHARED;
    }

    /** The hardware: block, one fitted option per line, with where it came from. */
    static String yaml(Calibrator.Result result, Path measurements, io.asyncrl.hw.InferenceEngine engine) {
        StringBuilder y = new StringBuilder();
        y.append("# Written by asyncrl calibrate from ").append(measurements.getFileName())
                .append(" (least squares on log error, each option within its range).\n");
        y.append("# Include it in a spec with  hardware: {include: THIS_FILE}  (keys set in the spec win).\n");
        y.append("hardware:\n");
        if (engine != io.asyncrl.hw.InferenceEngine.SHARED) {
            y.append("  # every row names this engine: its profile priced the options not fitted here\n");
            y.append("  ").append(io.asyncrl.hw.HardwareModelOptions.INFERENCE_ENGINE.key()).append(": ")
                    .append(engine.key()).append('\n');
        }
        for (Map.Entry<String, Double> e : result.values().entrySet()) {
            y.append("  ").append(e.getKey()).append(": ").append(format(e.getValue())).append('\n');
        }
        return y.toString();
    }

    /** Six significant digits: enough for 1% recovery, stable text. */
    static String format(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static void summary(PrintStream out, String label, List<ValidationRow> rows) {
        out.printf(Locale.ROOT, "| %s | %d | %.1f%% | %.1f%% |%n", label, rows.size(),
                100 * HardwareValidation.medianAbsoluteError(rows, r -> true),
                100 * HardwareValidation.maxAbsoluteError(rows, r -> true));
    }
}
