package io.asyncrl.hw.validation;

import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.hw.Precision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A user's own measurements, in the columns of the bundled reference files: inference rows (the columns of
 * inference-throughput.csv) or training rows (those of training-throughput.csv), told apart by the header.
 * Lines starting with {@code #} and blank lines are skipped. Every problem is reported with its line number
 * and column, e.g. {@code runs.csv line 4, column tp: must be a positive integer, got 'two'}.
 */
public final class Measurements {
    /** What the rows measure. */
    public enum Kind { INFERENCE, TRAINING }

    static final List<String> INFERENCE_REQUIRED =
            List.of("model", "device", "tp", "precision", "input_tokens", "output_tokens", "output_tokens_per_s");
    static final List<String> TRAINING_REQUIRED =
            List.of("model", "device", "devices", "precision", "tokens_per_s_per_device");

    private final Kind kind;
    private final List<InferenceBenchmark.Case> inference;
    private final List<TrainingBenchmark.Case> training;

    private Measurements(Kind kind, List<InferenceBenchmark.Case> inference, List<TrainingBenchmark.Case> training) {
        this.kind = kind;
        this.inference = List.copyOf(inference);
        this.training = List.copyOf(training);
    }

    public Kind kind() {
        return kind;
    }

    public List<InferenceBenchmark.Case> inference() {
        return inference;
    }

    public List<TrainingBenchmark.Case> training() {
        return training;
    }

    public int size() {
        return inference.size() + training.size();
    }

    /** Reads {@code file}; any problem is an IllegalArgumentException naming the file, line and column. */
    public static Measurements read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the measurements file (" + e.getMessage() + ")");
        }
        return parse(lines, file.toString());
    }

    static Measurements parse(List<String> lines, String name) {
        List<String> header = null;
        Kind kind = null;
        List<InferenceBenchmark.Case> inference = new ArrayList<>();
        List<TrainingBenchmark.Case> training = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNumber = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header == null) {
                header = Arrays.stream(line.split(",", -1)).map(String::trim).toList();
                kind = kindOf(header, name, lineNumber);
                continue;
            }
            Row row = new Row(name, lineNumber, header, line.split(",", header.size()));
            if (kind == Kind.INFERENCE) {
                inference.add(inferenceCase(row, inference.size() + 1));
            } else {
                training.add(trainingCase(row, training.size() + 1));
            }
        }
        if (header == null) {
            throw new IllegalArgumentException(name + ": no header line; give the columns of inference rows ("
                    + String.join(",", INFERENCE_REQUIRED) + ") or of training rows (" + String.join(",", TRAINING_REQUIRED) + ")");
        }
        if (inference.isEmpty() && training.isEmpty()) {
            throw new IllegalArgumentException(name + ": the header is there but no measurement row follows");
        }
        return new Measurements(kind, inference, training);
    }

    private static Kind kindOf(List<String> header, String name, int lineNumber) {
        boolean inference = header.containsAll(INFERENCE_REQUIRED);
        boolean training = header.containsAll(TRAINING_REQUIRED);
        if (inference && !training) {
            return Kind.INFERENCE;
        }
        if (training && !inference) {
            return Kind.TRAINING;
        }
        List<String> missingInference = INFERENCE_REQUIRED.stream().filter(c -> !header.contains(c)).toList();
        List<String> missingTraining = TRAINING_REQUIRED.stream().filter(c -> !header.contains(c)).toList();
        throw new IllegalArgumentException(name + " line " + lineNumber + ": the header must have the columns of inference "
                + "rows (missing " + String.join(", ", missingInference) + ") or of training rows (missing "
                + String.join(", ", missingTraining) + ")" + (missingInference.isEmpty() && missingTraining.isEmpty()
                        ? ", not both" : ""));
    }

    private static InferenceBenchmark.Case inferenceCase(Row r, int index) {
        String model = r.model();
        String device = r.device();
        int tp = r.positiveInt("tp");
        Precision precision = r.precision();
        int input = r.positiveInt("input_tokens");
        int output = r.positiveInt("output_tokens");
        double measured = r.positiveNumber("output_tokens_per_s");
        String engine = r.optional("engine", "TensorRT-LLM");
        return new InferenceBenchmark.Case(index, model, device, tp, precision, input, output, false, measured, engine,
                r.optional("source", r.where()));
    }

    private static TrainingBenchmark.Case trainingCase(Row r, int index) {
        String model = r.model();
        String device = r.device();
        int devices = r.positiveInt("devices");
        Precision precision = r.precision();
        double measured = r.positiveNumber("tokens_per_s_per_device");
        String framework = r.optional("framework", "Megatron");
        TrainingBenchmark.Case c = TrainingBenchmark.caseOf(index, model, device, devices, precision, measured, framework);
        int group = c.tp() * c.pp();
        if (devices % group != 0) {
            throw r.error("devices", "must be a multiple of " + group + " for " + model + " (the assumed layout is tp="
                    + c.tp() + " pp=" + c.pp() + ", see docs/hardware-models.md), got " + devices);
        }
        return c;
    }

    /** One data line, with its position for error messages. */
    private record Row(String file, int line, List<String> header, String[] cells) {

        String where() {
            return file + " line " + line;
        }

        IllegalArgumentException error(String column, String message) {
            return new IllegalArgumentException(where() + ", column " + column + ": " + message);
        }

        String cell(String column) {
            int i = header.indexOf(column);
            String v = i < cells.length ? cells[i].trim() : "";
            if (v.isEmpty()) {
                throw error(column, "is empty; every row needs a value here");
            }
            return v;
        }

        String optional(String column, String fallback) {
            int i = header.indexOf(column);
            if (i < 0 || i >= cells.length || cells[i].isBlank()) {
                return fallback;
            }
            return cells[i].trim();
        }

        String model() {
            String v = cell("model");
            if (ModelCatalog.find(v).isEmpty()) {
                throw error("model", "unknown model '" + v + "'; known: " + String.join(", ", ModelCatalog.names()));
            }
            return v;
        }

        String device() {
            String v = cell("device").toLowerCase(Locale.ROOT);
            if (DeviceCatalog.find(v).isEmpty()) {
                throw error("device", "unknown device '" + v + "'; known: " + String.join(", ", DeviceCatalog.names()));
            }
            return v;
        }

        Precision precision() {
            String v = cell("precision");
            try {
                return InferenceBenchmark.precision(v);
            } catch (IllegalArgumentException e) {
                throw error("precision", "must be bf16, fp16 or fp8, got '" + v + "'");
            }
        }

        int positiveInt(String column) {
            String v = cell(column);
            try {
                int n = Integer.parseInt(v);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error(column, "must be a positive integer, got '" + v + "'");
        }

        double positiveNumber(String column) {
            String v = cell(column);
            try {
                double d = Double.parseDouble(v);
                if (Double.isFinite(d) && d > 0) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error(column, "must be a positive number, got '" + v + "'");
        }
    }
}
