package io.asyncrl.hw.validation;

import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.Device;
import io.asyncrl.hw.ModelFootprint;
import io.asyncrl.hw.SyncMechanism;
import java.util.List;

/**
 * The one-off fit behind the checkpoint-engine defaults ({@code sync.fixed-seconds}, {@code sync.bucket-latency-ms},
 * {@code sync.update-gbps-per-device}, {@code sync.broadcast-hop-seconds}): on the checkpoint-engine calibration rows
 * of weight-sync.csv ({@link WeightSyncBenchmark#isCalibrationRow}) the formula is linear in (fixed, per-bucket
 * latency, 1 / receive rate, hop) whenever receiving the model takes longer than sending it (true on every row), so
 * the fit is weighted linear least squares on the relative error, solved in closed form. Its output, rounded to three
 * significant digits, was copied into {@code HardwareModelOptions}; nothing calls this at run time.
 */
public final class WeightSyncFit {
    private WeightSyncFit() {}

    /** Fitted (fixed s, bucket latency s, seconds per GB received, hop s). */
    public record Result(double fixedSeconds, double bucketLatencySeconds, double secondsPerGb, double hopSeconds) {
        public double updateGbps() {
            return 1.0 / secondsPerGb;
        }
    }

    public static void main(String[] args) {
        System.out.println(fit());
    }

    public static Result fit() {
        List<WeightSyncBenchmark.Case> rows = WeightSyncBenchmark.cases().stream()
                .filter(c -> c.mechanism() == SyncMechanism.CHECKPOINT_ENGINE)
                .filter(c -> WeightSyncBenchmark.isCalibrationRow(c.id())).toList();
        double[][] a = new double[4][4];
        double[] b = new double[4];
        for (WeightSyncBenchmark.Case c : rows) {
            double[] x = features(c);
            double w = 1.0 / (c.measuredSeconds() * c.measuredSeconds());
            for (int i = 0; i < 4; i++) {
                b[i] += w * x[i] * c.measuredSeconds();
                for (int j = 0; j < 4; j++) {
                    a[i][j] += w * x[i] * x[j];
                }
            }
        }
        double[] s = solve(a, b);
        return new Result(s[0], s[1], s[2], s[3]);
    }

    /** (1, buckets, GB, hops) of one row: the terms the checkpoint-engine formula multiplies by its parameters. */
    static double[] features(WeightSyncBenchmark.Case c) {
        Device device = DeviceCatalog.require(c.device());
        double bytes = ModelFootprint.weightBytes(c.arch(), c.precision());
        double buckets = StrictMath.ceil(bytes / (c.bucketMib() * 1024.0 * 1024.0));
        int nodes = (c.rolloutDevices() + device.devicesPerNode() - 1) / device.devicesPerNode();
        int hops = 0;
        for (long p = 1; p < nodes; p *= 2) {
            hops++;
        }
        return new double[] {1.0, buckets, bytes / 1e9, hops};
    }

    /** Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int i = 0; i < n; i++) {
            int pivot = i;
            for (int r = i + 1; r < n; r++) {
                if (StrictMath.abs(a[r][i]) > StrictMath.abs(a[pivot][i])) {
                    pivot = r;
                }
            }
            double[] row = a[i];
            a[i] = a[pivot];
            a[pivot] = row;
            double t = b[i];
            b[i] = b[pivot];
            b[pivot] = t;
            for (int r = 0; r < n; r++) {
                if (r != i) {
                    double f = a[r][i] / a[i][i];
                    for (int c = i; c < n; c++) {
                        a[r][c] -= f * a[i][c];
                    }
                    b[r] -= f * b[i];
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = b[i] / a[i][i];
        }
        return x;
    }
}
