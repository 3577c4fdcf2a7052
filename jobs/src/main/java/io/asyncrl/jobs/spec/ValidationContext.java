package io.asyncrl.jobs.spec;

import io.asyncrl.hw.HardwareModel;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.schemas.ExperimentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What every check of one validation shares: the spec, the paths the reader already reported (checks
 * that read them are skipped), the catalog, the errors found so far, and the small rules several
 * sections use (positive integers, tensor parallelism dividing the heads).
 */
final class ValidationContext {
    final ExperimentSpec spec;
    final Set<String> invalid;
    final HardwareLookup hw;
    final List<SpecError> errors = new ArrayList<>();
    private HardwareModel hardwareModel;

    ValidationContext(ExperimentSpec spec, Set<String> invalid, HardwareLookup hw) {
        this.spec = spec;
        this.invalid = invalid;
        this.hw = hw;
    }

    /** True when none of {@code paths} is, contains or lies inside a field already reported as invalid. */
    boolean ok(String... paths) {
        for (String path : paths) {
            for (String bad : invalid) {
                if (bad.isEmpty() || path.equals(bad) || path.startsWith(bad + ".") || bad.startsWith(path + ".")) {
                    return false;
                }
            }
        }
        return true;
    }

    boolean positiveInt(String path, int value) {
        if (!ok(path)) {
            return false;
        }
        if (value < 1) {
            error(path, "must be a positive integer, got " + value);
            return false;
        }
        return true;
    }

    boolean nonNegativeInt(String path, int value) {
        if (!ok(path)) {
            return false;
        }
        if (value < 0) {
            error(path, "must be a non-negative integer, got " + value);
            return false;
        }
        return true;
    }

    void error(String path, String message) {
        errors.add(new SpecError(path, message));
    }

    boolean tpDividesHeads(String path, int tp, ModelArch model) {
        int heads = model.heads();
        if (heads > 0 && heads % tp != 0) {
            List<String> valid = new ArrayList<>();
            for (int t = 1; t <= heads; t++) {
                if (heads % t == 0) {
                    valid.add(Integer.toString(t));
                }
            }
            error(path, "must divide the " + heads + " attention heads of " + model.name() + " (tensor parallelism "
                    + "splits heads across devices); valid: " + String.join(", ", valid) + ", got " + tp);
            return false;
        }
        return true;
    }

    HardwareModel hardware() {
        if (hardwareModel == null) {
            try {
                hardwareModel = io.asyncrl.operators.sim.core.SpecHardware.model(spec, hw.hardwareModel());
            } catch (IllegalArgumentException alreadyReported) {
                // a bad framework setting: the reader named its field; check the rest with the default model
                hardwareModel = hw.hardwareModel();
            }
        }
        return hardwareModel;
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
