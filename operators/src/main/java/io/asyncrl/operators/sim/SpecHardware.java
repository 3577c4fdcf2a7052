package io.asyncrl.operators.sim;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.HardwareModel;
import io.asyncrl.hw.HardwareModels;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.schemas.DeviceSpec;
import io.asyncrl.schemas.ExperimentSpec;
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

    /** The option overrides of the spec (empty when it has none). */
    public static OptionValues options(ExperimentSpec spec) {
        HardwareSpec h = spec.getHardware();
        if (h == null || h.getOptions() == null || h.getOptions().isEmpty()) {
            return OptionValues.defaults();
        }
        // sorted: the map's order on the wire is not part of the spec's meaning
        Map<String, String> sorted = new TreeMap<>();
        h.getOptions().forEach((k, v) -> sorted.put(k.toString(), v.toString()));
        return OptionValues.fromCheckedStrings(sorted);
    }

    /** {@code fallback} when the spec overrides nothing, else the analytic model with the spec's overrides. */
    public static HardwareModel model(ExperimentSpec spec, HardwareModel fallback) {
        OptionValues options = options(spec);
        return options.equals(OptionValues.defaults()) ? fallback : HardwareModels.withOptions(options);
    }
}
