package io.asyncrl.jobs.calibrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The step times a user measured on one synchronous RL run of their own, a CSV with one row per step:
 * {@code step_seconds} (the whole step) and, optionally, {@code training_seconds} (the trainer's part of it: forward,
 * backward, optimizer, log-prob and reference passes). A run's logged metrics can be given as they are: verl's
 * {@code timing_s/step} stands for {@code step_seconds}, and the sum of {@code timing_s/old_log_prob},
 * {@code timing_s/ref}, {@code timing_s/values}, {@code timing_s/update_actor} and {@code timing_s/update_critic}
 * (those present) for {@code training_seconds}, and its {@code timing_s/testing} and {@code timing_s/save_checkpoint}
 * are taken out of the step (see {@link #VERL_EXCLUDED}). Other columns are ignored (a metrics export has dozens); lines
 * starting with {@code #} and blank lines are skipped; surrounding double quotes are removed. Every problem names
 * the file, line and column, e.g. {@code steps.csv line 4, column step_seconds: must be a positive number of seconds,
 * got 'n/a'}.
 */
public record MeasuredSteps(String file, String stepColumn, List<String> trainingColumns, List<String> excludedColumns,
        List<Row> rows) {
    public static final String STEP = "step_seconds";
    public static final String TRAINING = "training_seconds";
    static final String VERL_STEP = "timing_s/step";
    static final List<String> VERL_TRAINING = List.of("timing_s/old_log_prob", "timing_s/ref", "timing_s/values",
            "timing_s/update_actor", "timing_s/update_critic");
    /**
     * verl's timers inside its step timer for work the simulation has no part of in a step: validation and checkpoint
     * saving (verl/trainer/ppo/ray_trainer.py, {@code marked_timer("testing")}, {@code marked_timer("save_checkpoint")}
     * within {@code marked_timer("step")}); subtracted from {@code timing_s/step}, an empty cell counting 0 (they run
     * every test_freq or save_freq steps).
     */
    static final List<String> VERL_EXCLUDED = List.of("timing_s/testing", "timing_s/save_checkpoint");

    /** One measured step: its line in the file, the step's seconds and its training seconds (NaN when not given). */
    public record Row(int line, double stepSeconds, double trainingSeconds) {}

    /** Whether the file splits the step into training and the rest. */
    public boolean hasTraining() {
        return !trainingColumns.isEmpty();
    }

    public double meanStepSeconds() {
        return rows.stream().mapToDouble(Row::stepSeconds).average().orElseThrow();
    }

    /** The mean training seconds; NaN without a training column. */
    public double meanTrainingSeconds() {
        return hasTraining() ? rows.stream().mapToDouble(Row::trainingSeconds).average().orElseThrow() : Double.NaN;
    }

    /** Reads {@code file}; any problem is an IllegalArgumentException naming the file, line and column. */
    public static MeasuredSteps read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the step times (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        return parse(lines, file.toString());
    }

    static MeasuredSteps parse(List<String> lines, String name) {
        List<String> header = null;
        int stepIndex = -1;
        List<Integer> trainingIndexes = new ArrayList<>();
        List<Integer> excludedIndexes = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = Arrays.stream(line.split(",", -1)).map(MeasuredSteps::unquote).toList();
            if (header == null) {
                header = canonical(cells, name, i + 1);
                stepIndex = stepColumn(header, name, i + 1);
                trainingIndexes = trainingColumns(header);
                if (header.get(stepIndex).equals(VERL_STEP)) {
                    for (String c : VERL_EXCLUDED) {
                        if (header.contains(c)) {
                            excludedIndexes.add(header.indexOf(c));
                        }
                    }
                }
                continue;
            }
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": " + cells.size() + " fields where the "
                        + "header has " + header.size() + "; every row needs a value (or an empty field) for each column");
            }
            double step = seconds(cells, stepIndex, header, name, i + 1);
            for (int x : excludedIndexes) {
                step -= cells.get(x).isEmpty() ? 0 : seconds(cells, x, header, name, i + 1);
            }
            if (step <= 0) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ", column " + header.get(stepIndex) + ": "
                        + "nothing is left of the step without " + String.join(" and ", names(header, excludedIndexes))
                        + "; leave out the rows of steps that were not measured");
            }
            double training = Double.NaN;
            if (!trainingIndexes.isEmpty()) {
                training = 0;
                for (int t : trainingIndexes) {
                    training += seconds(cells, t, header, name, i + 1);
                }
                if (training > step) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "%s line %d, column %s: %s s of training "
                            + "is more than the step's %s s (%s); training is a part of the step, so the step column is "
                            + "the whole step's time", name, i + 1, String.join(" + ", names(header, trainingIndexes)),
                            CalibrateCommand.format(training), CalibrateCommand.format(step), header.get(stepIndex)));
                }
            }
            rows.add(new Row(i + 1, step, training));
        }
        if (header == null) {
            throw new IllegalArgumentException(name + ": no header line; the first line names the columns, at least "
                    + STEP + " (the whole step's seconds) and optionally " + TRAINING);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(name + ": the header is there but no step follows; give one row per "
                    + "measured step");
        }
        return new MeasuredSteps(name, header.get(stepIndex), names(header, trainingIndexes),
                names(header, excludedIndexes), List.copyOf(rows));
    }

    /**
     * The header with a chart's export read as the run's own columns: a series named {@code RUN - timing_s/step}
     * counts as {@code timing_s/step}, and series {@code RUN - timing_s/step__MIN} and {@code __MAX} beside it are
     * dropped. Two cells for one timer (two runs in one export)
     * are refused: which run to fit is the user's choice.
     */
    static List<String> canonical(List<String> cells, String name, int line) {
        List<String> out = new ArrayList<>();
        for (String c : cells) {
            int at = c.lastIndexOf(" - timing_s/");
            String n = at >= 0 ? c.substring(at + 3) : c;
            if (at >= 0 && (n.endsWith("__MIN") || n.endsWith("__MAX"))) {
                n = "";
            }
            if (!n.isEmpty() && !n.equals(c) && out.contains(n)) {
                throw new IllegalArgumentException(name + " line " + line + ": two columns hold " + n + " (two runs in "
                        + "one export?); export the run you measured alone");
            }
            out.add(n);
        }
        return out;
    }

    private static int stepColumn(List<String> header, String name, int line) {
        int i = header.indexOf(STEP);
        if (i < 0) {
            i = header.indexOf(VERL_STEP);
        }
        if (i < 0) {
            throw new IllegalArgumentException(name + " line " + line + ": no " + STEP + " column (or verl's "
                    + VERL_STEP + "); the header has " + String.join(", ", header) + ". Name the column holding each "
                    + "step's whole time in seconds " + STEP);
        }
        return i;
    }

    /** {@code training_seconds} if the header has it, else verl's training timers that it has. */
    private static List<Integer> trainingColumns(List<String> header) {
        int i = header.indexOf(TRAINING);
        if (i >= 0) {
            return List.of(i);
        }
        List<Integer> verl = new ArrayList<>();
        for (String c : VERL_TRAINING) {
            if (header.contains(c)) {
                verl.add(header.indexOf(c));
            }
        }
        return verl;
    }

    private static double seconds(List<String> cells, int index, List<String> header, String name, int line) {
        String v = cells.get(index);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        // the step itself must be positive; a part of it (training, or a timer taken out of it) may be 0
        boolean training = !header.get(index).equals(STEP) && !header.get(index).equals(VERL_STEP);
        if (!Double.isFinite(d) || d < 0 || (!training && d == 0)) {
            throw new IllegalArgumentException(name + " line " + line + ", column " + header.get(index) + ": must be "
                    + (training ? "a number of seconds, 0 or more" : "a positive number of seconds") + ", got '" + v
                    + "'" + (v.isEmpty() ? " (empty): leave out the rows of steps that were not measured" : ""));
        }
        return d;
    }

    private static List<String> names(List<String> header, List<Integer> indexes) {
        return indexes.stream().map(header::get).toList();
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1).trim() : t;
    }
}
