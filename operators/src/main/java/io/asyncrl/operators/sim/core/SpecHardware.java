package io.asyncrl.operators.sim.core;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.HardwareModel;
import io.asyncrl.hw.HardwareModels;
import io.asyncrl.hw.FrameworkProfiles;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.schemas.DeviceSpec;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.FrameworkSpec;
import io.asyncrl.schemas.HardwareSpec;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a spec's {@code hardware} record says about the hardware model: its inline device and its option
 * overrides. The spec reader has already checked both, so a bad value here is a programming error.
 */
public final class SpecHardware {
    private SpecHardware() {}

    /** The inline datasheet device, when cluster.device was given as a mapping. */
    public static Optional<Device> inlineDevice(ExperimentSpec spec) {
        HardwareSpec h = spec.getHardware();
        return h == null || h.getDevice() == null ? Optional.empty() : Optional.of(device(h.getDevice()));
    }

    public static Device device(DeviceSpec d) {
        return new Device(d.getName(), d.getBf16DenseTflops(), d.getHbmGib(), d.getHbmGbps(), d.getIntraNodeGbps(),
                d.getInterNodeGbpsPerDevice(), d.getDevicesPerNode());
    }

    /**
     * The options the spec's run uses: the defaults, then its framework profile's mechanics (with the spec's
     * framework settings), then its {@code hardware:} overrides, which win (a user's calibration is the last word).
     */
    public static OptionValues options(ExperimentSpec spec) {
        OptionValues options = OptionValues.defaults();
        FrameworkSpec f = spec.getFramework();
        if (f != null) {
            options = FrameworkProfiles.options(f.getName(), sorted(f.getSettings()), options);
        }
        HardwareSpec h = spec.getHardware();
        if (h != null && h.getOptions() != null && !h.getOptions().isEmpty()) {
            options = options.withCheckedStrings(sorted(h.getOptions()));
        }
        return options;
    }

    // sorted: the map's order on the wire is not part of the spec's meaning
    private static Map<String, String> sorted(Map<?, ?> map) {
        Map<String, String> sorted = new TreeMap<>();
        if (map != null) {
            map.forEach((k, v) -> sorted.put(k.toString(), v.toString()));
        }
        return sorted;
    }

    /** {@code fallback} when the spec changes no option, else the analytic model with the spec's options. */
    public static HardwareModel model(ExperimentSpec spec, HardwareModel fallback) {
        OptionValues options = options(spec);
        return options.equals(OptionValues.defaults()) ? fallback : HardwareModels.withOptions(options);
    }
}
