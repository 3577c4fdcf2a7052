package io.asyncrl.hw;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Devices known by name: every row of the bundled copy of shared/reference/hardware.csv.
 *
 * <p>{@code devicesPerNode} is not in the CSV: 16 for {@code ascend-910b} (AsyncFlow runs 16 NPUs
 * per node), 8 for everything else (HGX/MI300X platforms; for TPUs 8 is a convention here, their
 * ICI slices are larger, so treat TPU inter-node costs as pessimistic).
 */
public final class DeviceCatalog {
    static final String RESOURCE = "/io/asyncrl/hw/hardware.csv";

    private static final Map<String, Device> DEVICES = load();

    private DeviceCatalog() {}

    public static Optional<Device> find(String name) {
        return Optional.ofNullable(name == null ? null : DEVICES.get(name.trim().toLowerCase(java.util.Locale.ROOT)));
    }

    /** Like {@link #find} but fails with the list of known names. */
    public static Device require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown device '" + name + "'; known devices: " + names()));
    }

    /** Catalog names in the order of the CSV. */
    public static List<String> names() {
        return List.copyOf(DEVICES.keySet());
    }

    static int devicesPerNode(String name) {
        return "ascend-910b".equals(name) ? 16 : 8;
    }

    private static Map<String, Device> load() {
        Map<String, Device> devices = new LinkedHashMap<>();
        for (Map<String, String> row : CsvResource.read(RESOURCE).rows()) {
            String name = row.get("device");
            devices.put(name, new Device(
                    name,
                    Double.parseDouble(row.get("bf16_dense_tflops")),
                    Double.parseDouble(row.get("hbm_gib")),
                    Double.parseDouble(row.get("hbm_gbps")),
                    Double.parseDouble(row.get("intra_node_gbps")),
                    Double.parseDouble(row.get("inter_node_gbps_per_device")),
                    devicesPerNode(name)));
        }
        return Collections.unmodifiableMap(devices);
    }
}
