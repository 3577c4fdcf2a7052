package io.asyncrl.hw.validation;

import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.hw.Option;
import io.asyncrl.hw.OptionRanges;
import io.asyncrl.hw.OptionValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits efficiency options to measurements: least squares on the log error ln(predicted / measured), each
 * option kept inside its {@link OptionRanges} box. Levenberg-Marquardt with a finite-difference Jacobian;
 * an option sitting on a bound whose gradient points outward is held there for that step (a projected
 * active set). Options the rows cannot move (a zero Jacobian column) keep their starting value and are
 * reported as unconstrained. Deterministic: no random starts.
 */
public final class Calibrator {
    /** What an inference file fits: the roofline efficiencies and the per-step engine overhead. */
    public static final List<Option<Double>> INFERENCE = List.of(HardwareModelOptions.HBM_BANDWIDTH_EFFICIENCY,
            HardwareModelOptions.DECODE_COMPUTE_EFFICIENCY, HardwareModelOptions.PREFILL_COMPUTE_EFFICIENCY,
            HardwareModelOptions.DECODE_STEP_OVERHEAD_MS);
    /** What a training file fits: the dense MFU, and the MoE factor when a row is MoE. */
    public static final List<Option<Double>> TRAINING = List.of(HardwareModelOptions.TRAIN_MFU);

    private static final int MAX_ITERATIONS = 400;

    /**
     * @param start the options before the fit
     * @param fitted the options after it (start plus the fitted values)
     * @param values the fitted values by key, in fit order
     * @param unconstrained options the rows did not constrain (left at their start value)
     */
    public record Result(OptionValues start, OptionValues fitted, Map<String, Double> values, List<String> unconstrained,
            double lossBefore, double lossAfter) {}

    private final List<InferenceBenchmark.Case> inference;
    private final List<TrainingBenchmark.Case> training;
    private final List<SmallBatchLatency.Case> latency;

    public Calibrator(List<InferenceBenchmark.Case> inference, List<TrainingBenchmark.Case> training) {
        this(inference, training, List.of());
    }

    /** With small-batch latency rows too: they constrain the per-step decode overheads. */
    public Calibrator(List<InferenceBenchmark.Case> inference, List<TrainingBenchmark.Case> training,
            List<SmallBatchLatency.Case> latency) {
        this.inference = List.copyOf(inference);
        this.training = List.copyOf(training);
        this.latency = List.copyOf(latency);
    }

    public static Calibrator of(Measurements m) {
        return new Calibrator(m.inference(), m.training());
    }

    /** The options these rows fit: {@link #INFERENCE} and/or {@link #TRAINING} (+ MoE efficiency with MoE rows). */
    public List<Option<Double>> parameters() {
        List<Option<Double>> p = new ArrayList<>();
        if (!inference.isEmpty()) {
            p.addAll(INFERENCE);
        }
        if (!training.isEmpty()) {
            p.addAll(TRAINING);
            if (training.stream().anyMatch(c -> ModelCatalog.require(c.model()).isMoe())) {
                p.add(HardwareModelOptions.TRAIN_MOE_EFFICIENCY);
            }
        }
        return p;
    }

    /** Sum of squared log errors of every row with {@code options}. */
    public double loss(OptionValues options) {
        double sum = 0;
        for (double r : residuals(options)) {
            sum += r * r;
        }
        return sum;
    }

    public Result fit(OptionValues start) {
        return fit(start, parameters());
    }

    public Result fit(OptionValues start, List<Option<Double>> parameters) {
        int n = parameters.size();
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] p = new double[n];
        for (int j = 0; j < n; j++) {
            OptionRanges.Range range = OptionRanges.of(parameters.get(j)).orElseThrow();
            lo[j] = range.min();
            hi[j] = range.max();
            p[j] = range.clamp(start.get(parameters.get(j)));
        }
        double lossBefore = loss(start);
        boolean[] constrained = new boolean[n];
        double current = loss(apply(start, parameters, p));
        double lambda = 1e-3;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] r = residuals(apply(start, parameters, p));
            double[][] jac = jacobian(start, parameters, p, lo, hi, r);
            double[] g = new double[n];
            double[][] a = new double[n][n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < r.length; i++) {
                    g[j] += jac[i][j] * r[i];
                    for (int k = 0; k < n; k++) {
                        a[j][k] += jac[i][j] * jac[i][k];
                    }
                }
                if (a[j][j] > 1e-18) {
                    constrained[j] = true;
                }
            }
            boolean[] free = new boolean[n];
            for (int j = 0; j < n; j++) {
                boolean atLo = p[j] <= lo[j] && g[j] > 0;
                boolean atHi = p[j] >= hi[j] && g[j] < 0;
                free[j] = a[j][j] > 1e-18 && !atLo && !atHi;
            }
            boolean improved = false;
            while (lambda < 1e12) {
                double[] delta = solve(a, g, free, lambda);
                double[] candidate = new double[n];
                for (int j = 0; j < n; j++) {
                    candidate[j] = StrictMath.min(hi[j], StrictMath.max(lo[j], p[j] + delta[j]));
                }
                double next = loss(apply(start, parameters, candidate));
                if (next < current) {
                    double change = current - next;
                    p = candidate;
                    current = next;
                    lambda = StrictMath.max(1e-12, lambda / 3.0);
                    improved = change > 1e-15 * (1.0 + current);
                    break;
                }
                lambda *= 4.0;
            }
            if (!improved) {
                break;
            }
        }
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> unconstrained = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (constrained[j]) {
                values.put(parameters.get(j).key(), p[j]);
            } else {
                unconstrained.add(parameters.get(j).key());
            }
        }
        OptionValues fitted = start;
        for (int j = 0; j < n; j++) {
            if (constrained[j]) {
                fitted = fitted.with(parameters.get(j), p[j]);
            }
        }
        return new Result(start, fitted, values, unconstrained, lossBefore, loss(fitted));
    }

    private static OptionValues apply(OptionValues start, List<Option<Double>> parameters, double[] p) {
        OptionValues o = start;
        for (int j = 0; j < p.length; j++) {
            o = o.with(parameters.get(j), p[j]);
        }
        return o;
    }

    private double[] residuals(OptionValues options) {
        double[] r = new double[inference.size() + training.size() + latency.size()];
        int i = 0;
        for (InferenceBenchmark.Case c : inference) {
            r[i++] = logError(InferenceBenchmark.predictTokensPerSecond(c, options), c.measuredTokensPerSecond());
        }
        for (TrainingBenchmark.Case c : training) {
            r[i++] = logError(TrainingBenchmark.predictTokensPerSecondPerDevice(c, options),
                    c.measuredTokensPerSecondPerDevice());
        }
        for (SmallBatchLatency.Case c : latency) {
            r[i++] = logError(SmallBatchLatency.predictSeconds(c, options), c.measuredSeconds());
        }
        return r;
    }

    private static double logError(double predicted, double measured) {
        // a configuration that cannot run predicts 0: a large, finite penalty keeps the fit well defined
        return predicted > 0 ? StrictMath.log(predicted / measured) : 20.0;
    }

    /** Central differences where both sides are inside the box, one-sided at a bound. */
    private double[][] jacobian(OptionValues start, List<Option<Double>> parameters, double[] p, double[] lo, double[] hi,
            double[] r0) {
        int n = p.length;
        double[][] jac = new double[r0.length][n];
        for (int j = 0; j < n; j++) {
            double h = 1e-5 * StrictMath.max(StrictMath.abs(p[j]), 1e-2);
            double up = StrictMath.min(hi[j], p[j] + h);
            double down = StrictMath.max(lo[j], p[j] - h);
            double[] pu = p.clone();
            pu[j] = up;
            double[] pd = p.clone();
            pd[j] = down;
            double[] ru = up == p[j] ? r0 : residuals(apply(start, parameters, pu));
            double[] rd = down == p[j] ? r0 : residuals(apply(start, parameters, pd));
            double width = up - down;
            for (int i = 0; i < r0.length; i++) {
                jac[i][j] = width > 0 ? (ru[i] - rd[i]) / width : 0.0;
            }
        }
        return jac;
    }

    /** Solves (A + lambda * diag(A)) delta = -g over the free coordinates (Gaussian elimination with pivoting). */
    private static double[] solve(double[][] a, double[] g, boolean[] free, double lambda) {
        int n = g.length;
        List<Integer> idx = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (free[j]) {
                idx.add(j);
            }
        }
        int m = idx.size();
        double[][] mat = new double[m][m + 1];
        for (int x = 0; x < m; x++) {
            for (int y = 0; y < m; y++) {
                mat[x][y] = a[idx.get(x)][idx.get(y)];
            }
            mat[x][x] += lambda * a[idx.get(x)][idx.get(x)] + 1e-30;
            mat[x][m] = -g[idx.get(x)];
        }
        for (int col = 0; col < m; col++) {
            int pivot = col;
            for (int row = col + 1; row < m; row++) {
                if (StrictMath.abs(mat[row][col]) > StrictMath.abs(mat[pivot][col])) {
                    pivot = row;
                }
            }
            double[] tmp = mat[col];
            mat[col] = mat[pivot];
            mat[pivot] = tmp;
            if (mat[col][col] == 0.0) {
                continue;
            }
            for (int row = col + 1; row < m; row++) {
                double f = mat[row][col] / mat[col][col];
                for (int k = col; k <= m; k++) {
                    mat[row][k] -= f * mat[col][k];
                }
            }
        }
        double[] sol = new double[m];
        for (int row = m - 1; row >= 0; row--) {
            double s = mat[row][m];
            for (int k = row + 1; k < m; k++) {
                s -= mat[row][k] * sol[k];
            }
            sol[row] = mat[row][row] == 0.0 ? 0.0 : s / mat[row][row];
        }
        double[] delta = new double[n];
        for (int x = 0; x < m; x++) {
            delta[idx.get(x)] = sol[x];
        }
        return delta;
    }
}
