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
 * The step times a user measured on one RL run of their own, a CSV with one row per step:
 * {@code step_seconds} (the whole step) and, optionally, {@code training_seconds} (the trainer's part of it: forward,
 * backward, optimizer, log-prob and reference passes) and, for an asynchronous run, {@code waiting_seconds} (the trainer
 * waiting for its next batch). A run's logged metrics can be given as they are ({@link Format}):
 * <ul>
 *   <li>verl's: {@code timing_s/step} stands for {@code step_seconds}, and the sum of {@code timing_s/old_log_prob},
 *   {@code timing_s/ref}, {@code timing_s/values}, {@code timing_s/update_actor} and {@code timing_s/update_critic}
 *   (those present) for {@code training_seconds}; its {@code timing_s/testing} and {@code timing_s/save_checkpoint}
 *   are taken out of the step. Its fully-asynchronous trainer's rows are a weight sync's updates summed, its sync
 *   ({@code timing_s/param_sync}) outside the step timer, and its wait for samples {@code timing_s/gen}
 *   ({@link #VERL_PARAM_SYNC});</li>
 *   <li>AReaL's: it has no timer around the whole step, so the step is the sum of the timers its trainer runs inside
 *   one ({@code timeperf/rollout}, {@code timeperf/train_step}, ...; {@link #AREAL_PARTS}), without
 *   {@code timeperf/save}, {@code timeperf/checkpoint_for_recover} and {@code timeperf/eval}; its training is the sum
 *   of {@code timeperf/recompute_logp}, {@code timeperf/ref_logp}, {@code timeperf/critic_values},
 *   {@code timeperf/teacher_logp}, {@code timeperf/train_step} and {@code timeperf/critic_train_step}; its wait for a
 *   batch is {@code timeperf/rollout} ({@link #AREAL_WAITING});</li>
 *   <li>realhf's (the AReaL of the paper's time): {@code timeperf/e2e} stands for {@code step_seconds}.</li>
 * </ul>
 * Other columns are ignored (a metrics export has dozens); lines starting with {@code #} and blank lines are skipped;
 * surrounding double quotes are removed. Every problem names the file, line and column, e.g. {@code steps.csv line 4,
 * column step_seconds: must be a positive number of seconds, got 'n/a'}.
 */
public record MeasuredSteps(String file, List<String> stepColumns, List<String> trainingColumns,
        List<String> waitingColumns, List<String> excludedColumns, List<Row> rows) {
    public static final String STEP = "step_seconds";
    public static final String TRAINING = "training_seconds";
    /** An asynchronous run's trainer waiting for its next batch, a part of the step's rest (optional). */
    public static final String WAITING = "waiting_seconds";
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
    /**
     * verl's fully-asynchronous trainer ({@code recipe/fully_async_policy/fully_async_trainer.py}, read at 0062357f)
     * times its wait for samples as {@code gen} inside its {@code step} timer, sums every {@code timing_s/} timer over the
     * {@code trigger_parameter_sync_step} updates between two weight syncs ({@code MetricsAggregator}, "time_sum") and
     * logs them once per sync, with the sync itself, outside the step timer, as {@code timing_s/param_sync}: a row of
     * such a file is a weight sync's updates, and the sync is added to its step.
     */
    static final String VERL_PARAM_SYNC = "timing_s/param_sync";
    /** verl's fully-asynchronous trainer's wait for samples (its {@code gen} timer; generation in verl's own loop). */
    static final String VERL_WAITING = "timing_s/gen";
    /**
     * realhf's step timer: its master worker logs each step's end-to-end time as {@code timeperf/e2e}
     * ({@code realhf/system/master_worker.py}, read at ace0e4db).
     */
    static final String REALHF_STEP = "timeperf/e2e";
    /**
     * The timers AReaL's trainer runs one after the other inside a step ({@code areal/trainer/rl_trainer.py}
     * {@code PPOTrainer.train}, read at 0827f56e: {@code stats_tracker.record_timing(NAME)} logs each as
     * {@code timeperf/NAME}): generation, the log-prob and value passes, advantages, the updates, the weight update,
     * and, colocated, the engines' onload and offload; their sum is the step.
     */
    static final List<String> AREAL_PARTS = List.of("timeperf/rollout", "timeperf/critic_values", "timeperf/ref_logp",
            "timeperf/teacher_logp", "timeperf/recompute_logp", "timeperf/compute_advantage", "timeperf/train_step",
            "timeperf/critic_train_step", "timeperf/update_weights", "timeperf/clear_batches", "timeperf/actor_onload",
            "timeperf/actor_offload", "timeperf/ref_onload", "timeperf/ref_offload", "timeperf/critic_onload",
            "timeperf/critic_offload", "timeperf/teacher_onload", "timeperf/teacher_offload", "timeperf/rollout_pause",
            "timeperf/rollout_pause_generation", "timeperf/rollout_offload", "timeperf/rollout_onload",
            "timeperf/rollout_continue_generation", "timeperf/rollout_resume");
    /** AReaL's passes on the trainer's devices, the part of {@link #AREAL_PARTS} that is training. */
    static final List<String> AREAL_TRAINING = List.of("timeperf/critic_values", "timeperf/ref_logp",
            "timeperf/teacher_logp", "timeperf/recompute_logp", "timeperf/train_step", "timeperf/critic_train_step");
    /**
     * AReaL's wait for a batch: its {@code rollout} timer wraps {@code prepare_batch}, which in an asynchronous run
     * takes a batch the rollout generated in the background, waiting until one is there (in a synchronous run it is the
     * batch's generation: a calibration of a synchronous spec does not use it).
     */
    static final String AREAL_WAITING = "timeperf/rollout";
    /** AReaL's timers of the same loop for saving, recover checkpoints and evaluation: not in its step. */
    static final List<String> AREAL_EXCLUDED = List.of("timeperf/save", "timeperf/checkpoint_for_recover",
            "timeperf/eval");

    /**
     * How a file's header gives the step: one column ({@code step}, with {@code parts} present added to it and
     * {@code excluded} taken out of it) or, without one, the sum of {@code parts} (with {@code excluded} left out of it);
     * the training and the waiting columns, each summed, those present.
     */
    record Format(String step, List<String> parts, List<String> training, List<String> waiting, List<String> excluded) {
        static final Format OWN = new Format(STEP, List.of(), List.of(TRAINING), List.of(WAITING), List.of());
        static final Format VERL = new Format(VERL_STEP, List.of(VERL_PARAM_SYNC), VERL_TRAINING, List.of(VERL_WAITING),
                VERL_EXCLUDED);
        static final Format REALHF = new Format(REALHF_STEP, List.of(), List.of(), List.of(), List.of());
        static final Format AREAL = new Format(null, AREAL_PARTS, AREAL_TRAINING, List.of(AREAL_WAITING),
                AREAL_EXCLUDED);

        /** The format whose step the header holds: the user's own column first, then verl's, realhf's, AReaL's. */
        static Format of(List<String> header) {
            for (Format f : List.of(OWN, VERL, REALHF)) {
                if (header.contains(f.step)) {
                    return f;
                }
            }
            return header.contains("timeperf/rollout") && header.contains("timeperf/train_step") ? AREAL : null;
        }

        private List<Integer> present(List<String> header, List<String> names) {
            return names.stream().filter(header::contains).map(header::indexOf).toList();
        }
    }

    /**
     * One measured step: its line in the file, the step's seconds, its training seconds and the trainer's wait for a
     * batch (each NaN when not given).
     */
    public record Row(int line, double stepSeconds, double trainingSeconds, double waitingSeconds) {}

    /** The step's column, or the columns summed for it joined by {@code " + "}. */
    public String stepColumn() {
        return String.join(" + ", stepColumns);
    }

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

    /**
     * Whether a row is the sum of the updates between two weight syncs (verl's fully-asynchronous trainer, recognized by
     * its {@code timing_s/param_sync}) rather than one update.
     */
    public boolean perWeightSync() {
        return stepColumns.contains(VERL_PARAM_SYNC);
    }

    /** Whether the file gives the trainer's wait for a batch. */
    public boolean hasWaiting() {
        return !waitingColumns.isEmpty();
    }

    /** The mean wait for a batch; NaN without a waiting column. */
    public double meanWaitingSeconds() {
        return hasWaiting() ? rows.stream().mapToDouble(Row::waitingSeconds).average().orElseThrow() : Double.NaN;
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
        Format format = null;
        List<Integer> stepIndexes = List.of();
        List<Integer> trainingIndexes = List.of();
        List<Integer> waitingIndexes = List.of();
        List<Integer> excludedIndexes = List.of();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = Arrays.stream(line.split(",", -1)).map(MeasuredSteps::unquote).toList();
            if (header == null) {
                header = canonical(cells, name, i + 1);
                format = Format.of(header);
                if (format == null) {
                    throw new IllegalArgumentException(name + " line " + (i + 1) + ": no " + STEP + " column (or verl's "
                            + VERL_STEP + ", realhf's " + REALHF_STEP + ", AReaL's timeperf/rollout and "
                            + "timeperf/train_step); the header has " + String.join(", ", header) + ". Name the column "
                            + "holding each step's whole time in seconds " + STEP);
                }
                stepIndexes = new ArrayList<>(format.step == null ? List.of() : List.of(header.indexOf(format.step)));
                stepIndexes.addAll(format.present(header, format.parts));
                trainingIndexes = format.present(header, format.training);
                waitingIndexes = format.present(header, format.waiting);
                excludedIndexes = format.present(header, format.excluded);
                continue;
            }
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": " + cells.size() + " fields where the "
                        + "header has " + header.size() + "; every row needs a value (or an empty field) for each column");
            }
            double step = 0;
            for (int x : stepIndexes) {
                step += seconds(cells, x, header, name, i + 1, header.get(x).equals(format.step));
            }
            if (format.step != null) {
                for (int x : excludedIndexes) {
                    step -= cells.get(x).isEmpty() ? 0 : seconds(cells, x, header, name, i + 1, false);
                }
            }
            if (step <= 0) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ", column " + stepColumnOf(header,
                        stepIndexes) + ": nothing is left of the step" + (excludedIndexes.isEmpty() || format.step == null
                        ? "" : " without " + String.join(" and ", names(header, excludedIndexes)))
                        + "; leave out the rows of steps that were not measured");
            }
            double training = Double.NaN;
            if (!trainingIndexes.isEmpty()) {
                training = 0;
                for (int t : trainingIndexes) {
                    training += seconds(cells, t, header, name, i + 1, false);
                }
                if (training > step) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "%s line %d, column %s: %s s of training "
                            + "is more than the step's %s s (%s); training is a part of the step, so the step column is "
                            + "the whole step's time", name, i + 1, String.join(" + ", names(header, trainingIndexes)),
                            CalibrateCommand.format(training), CalibrateCommand.format(step),
                            stepColumnOf(header, stepIndexes)));
                }
            }
            double waiting = Double.NaN;
            if (!waitingIndexes.isEmpty()) {
                waiting = 0;
                for (int w : waitingIndexes) {
                    waiting += seconds(cells, w, header, name, i + 1, false);
                }
                double other = Double.isNaN(training) ? 0 : training;
                // 0.1% for the rounding of exported figures
                if (waiting + other > step * 1.001) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "%s line %d, column %s: %s s of "
                            + "waiting%s is more than the step's %s s (%s); the wait for a batch is a part of the step",
                            name, i + 1, String.join(" + ", names(header, waitingIndexes)), CalibrateCommand.format(waiting),
                            Double.isNaN(training) ? "" : " and " + CalibrateCommand.format(training) + " s of training",
                            CalibrateCommand.format(step), stepColumnOf(header, stepIndexes)));
                }
            }
            rows.add(new Row(i + 1, step, training, waiting));
        }
        if (header == null) {
            throw new IllegalArgumentException(name + ": no header line; the first line names the columns, at least "
                    + STEP + " (the whole step's seconds) and optionally " + TRAINING);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(name + ": the header is there but no step follows; give one row per "
                    + "measured step");
        }
        return new MeasuredSteps(name, names(header, stepIndexes), names(header, trainingIndexes),
                names(header, waitingIndexes), names(header, excludedIndexes), List.copyOf(rows));
    }

    /** Whether a file's header line names a step column of {@link Format}: it holds step times. */
    static boolean holdsStepTimes(String headerLine) {
        List<String> cells = Arrays.stream(headerLine.split(",", -1)).map(MeasuredSteps::unquote).toList();
        try {
            return Format.of(canonical(cells, "", 1)) != null;
        } catch (IllegalArgumentException twoRuns) {
            return true;
        }
    }

    private static String stepColumnOf(List<String> header, List<Integer> stepIndexes) {
        return String.join(" + ", names(header, stepIndexes));
    }

    /**
     * The header with a chart's export read as the run's own columns: a series named {@code RUN - timing_s/step}
     * counts as {@code timing_s/step} (likewise {@code RUN - timeperf/NAME}), and series
     * {@code RUN - timing_s/step__MIN} and {@code __MAX} beside it are dropped. Two cells for one timer (two runs in one export)
     * are refused: which run to fit is the user's choice.
     */
    static List<String> canonical(List<String> cells, String name, int line) {
        List<String> out = new ArrayList<>();
        for (String c : cells) {
            int at = Math.max(c.lastIndexOf(" - timing_s/"), c.lastIndexOf(" - timeperf/"));
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

    /** The cell's seconds: the step's own column must be positive ({@code whole}); a part of it may be 0. */
    private static double seconds(List<String> cells, int index, List<String> header, String name, int line,
            boolean whole) {
        String v = cells.get(index);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!Double.isFinite(d) || d < 0 || (whole && d == 0)) {
            throw new IllegalArgumentException(name + " line " + line + ", column " + header.get(index) + ": must be "
                    + (whole ? "a positive number of seconds" : "a number of seconds, 0 or more") + ", got '" + v
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
