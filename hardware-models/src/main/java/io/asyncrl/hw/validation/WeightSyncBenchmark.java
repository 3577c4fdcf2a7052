package io.asyncrl.hw.validation;

import io.asyncrl.hw.CsvResource;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.hw.Precision;
import io.asyncrl.hw.SyncMechanism;
import io.asyncrl.hw.WeightSyncModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of weight-sync.csv (published seconds per weight update) and their prediction: each row is predicted
 * with its own mechanism and bucket size (what the source states), everything else at the given options.
 *
 * <p>Split (fixed before any error of the added rows was seen): W1-W4 are calibration rows, because the first
 * fit of {@code sync.fixed-seconds} / {@code sync.update-gbps-per-device} used W1 and W2 and
 * {@code sync.broadcast-hop-seconds} the difference of W3 and W4; every later row is a calibration row when its
 * number is odd and held back when it is even.
 */
public final class WeightSyncBenchmark {
    static final String RESOURCE = "/io/asyncrl/hw/validation/weight-sync.csv";
    static final int FIRST_FIT_ROWS = 4;

    /** One published weight update. */
    public record Case(int index, SyncMechanism mechanism, String model, double paramsB, Precision precision,
            String device, int trainDevices, int rolloutDevices, int rolloutTp, double bucketMib, double measuredSeconds) {

        public String id() {
            return "W" + index;
        }

        public String description() {
            return String.format(Locale.ROOT, "%s %s %s %s %d->%d tp=%d bucket %.0f MiB", mechanism, model,
                    precision.name().toLowerCase(Locale.ROOT), device, trainDevices, rolloutDevices, rolloutTp, bucketMib);
        }

        /** The catalog shape when there is one; otherwise a shape-free record of the published parameter count. */
        ModelArch arch() {
            return ModelCatalog.find(model).orElseGet(() -> {
                if (mechanism != SyncMechanism.CHECKPOINT_ENGINE) {
                    throw new IllegalStateException(id() + ": the " + mechanism + " model needs the shape of a catalog model");
                }
                return new ModelArch(model, 1, 1, 1, 1, 1, 1, 1, paramsB, paramsB, 0);
            });
        }
    }

    private WeightSyncBenchmark() {}

    public static boolean isCalibrationRow(String id) {
        int number = Integer.parseInt(id.substring(1));
        return number <= FIRST_FIT_ROWS || number % 2 == 1;
    }

    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int index = 1;
        for (Map<String, String> r : CsvResource.read(RESOURCE).rows()) {
            cases.add(new Case(index++, SyncMechanism.parse(r.get("mechanism")), r.get("model"),
                    Double.parseDouble(r.get("params_b")), Precision.valueOf(r.get("precision").toUpperCase(Locale.ROOT)),
                    r.get("device"), Integer.parseInt(r.get("train_devices")), Integer.parseInt(r.get("rollout_devices")),
                    Integer.parseInt(r.get("rollout_tp")), Double.parseDouble(r.get("bucket_mib")),
                    Double.parseDouble(r.get("measured_s"))));
        }
        return cases;
    }

    public static double predictSeconds(Case c, OptionValues options) {
        OptionValues o = options.with(HardwareModelOptions.SYNC_MECHANISM, c.mechanism())
                .with(HardwareModelOptions.SYNC_BUCKET_MB, c.bucketMib());
        return new WeightSyncModel(o).weightSyncSeconds(DeviceCatalog.require(c.device()), c.arch(), c.trainDevices(),
                c.rolloutDevices(), c.rolloutTp(), c.precision());
    }
}
