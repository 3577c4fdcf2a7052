package io.asyncrl.jobs.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.schemas.DeviceSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code cluster.device} given as an inline datasheet mapping instead of a catalog name, e.g.
 * {@code device: {name: my-gpu, bf16_dense_tflops: 400, hbm_gib: 64, hbm_gbps: 2000, intra_node_gbps: 400,
 * inter_node_gbps_per_device: 25}}. Every field is checked on its own, with its unit in the message.
 */
final class DeviceFieldReader {

    /** The device read (null when a field was wrong), the errors, and the wrong paths. */
    record Result(String name, DeviceSpec device, List<SpecError> errors, Set<String> invalidPaths) {}

    /** Datasheet fields in the order of hardware.csv, each with what it means. */
    static final Map<String, String> NUMBERS = numbers();
    static final String DEVICES_PER_NODE = "devices_per_node";

    private DeviceFieldReader() {}

    private static Map<String, String> numbers() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bf16_dense_tflops", "the dense (not sparse) BF16 tensor peak in TFLOP/s, e.g. 989 for an H100 SXM");
        m.put("hbm_gib", "device memory in GiB, e.g. 80");
        m.put("hbm_gbps", "memory bandwidth in GB/s, e.g. 3350");
        m.put("intra_node_gbps", "per-device bandwidth to peers in the node (NVLink, or PCIe without it) in GB/s, "
                + "bidirectional as datasheets give it, e.g. 900");
        m.put("inter_node_gbps_per_device", "per-device network bandwidth to other nodes in GB/s, e.g. 50 for 400 Gb/s");
        return m;
    }

    static List<String> keys() {
        List<String> keys = new ArrayList<>();
        keys.add("name");
        keys.addAll(NUMBERS.keySet());
        keys.add(DEVICES_PER_NODE);
        return keys;
    }

    static Result read(String path, JsonNode node) {
        List<SpecError> errors = new ArrayList<>();
        Set<String> invalid = new LinkedHashSet<>();
        List<String> keys = keys();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                errors.add(new SpecError(path + "." + key, "unknown field '" + key + "'" + Suggestions.didYouMean(key, keys)
                        + "; an inline device has " + String.join(", ", keys)));
                invalid.add(path + "." + key);
            }
        }
        String name = null;
        JsonNode n = node.get("name");
        if (n == null || !n.isTextual() || n.textValue().isBlank()) {
            errors.add(new SpecError(path + ".name", (n == null ? "missing required field" : "must be a non-empty string, got "
                    + SpecReader.describe(n)) + "; give the inline device a name of its own, e.g. name: my-gpu"));
            invalid.add(path + ".name");
        } else if (DeviceCatalog.find(n.textValue()).isPresent()) {
            errors.add(new SpecError(path + ".name", "'" + n.textValue() + "' is a catalog device; write device: "
                    + n.textValue().trim() + " to use the catalog figures, or give the inline device another name"));
            invalid.add(path + ".name");
        } else {
            name = n.textValue().trim();
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : NUMBERS.entrySet()) {
            String p = path + "." + field.getKey();
            JsonNode v = node.get(field.getKey());
            if (v == null) {
                errors.add(new SpecError(p, "missing required field; give " + field.getValue()));
                invalid.add(p);
            } else if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() <= 0) {
                errors.add(new SpecError(p, "must be a positive number: " + field.getValue() + "; got " + SpecReader.describe(v)));
                invalid.add(p);
            } else {
                values.put(field.getKey(), v.doubleValue());
            }
        }
        int perNode = 8;
        JsonNode d = node.get(DEVICES_PER_NODE);
        if (d != null) {
            if (d.isIntegralNumber() && d.canConvertToInt() && d.intValue() > 0) {
                perNode = d.intValue();
            } else {
                errors.add(new SpecError(path + "." + DEVICES_PER_NODE, "must be a positive integer (devices in one node; "
                        + "default 8), got " + SpecReader.describe(d)));
                invalid.add(path + "." + DEVICES_PER_NODE);
            }
        }
        DeviceSpec device = null;
        if (errors.isEmpty()) {
            device = DeviceSpec.newBuilder().setName(name)
                    .setBf16DenseTflops(values.get("bf16_dense_tflops"))
                    .setHbmGib(values.get("hbm_gib"))
                    .setHbmGbps(values.get("hbm_gbps"))
                    .setIntraNodeGbps(values.get("intra_node_gbps"))
                    .setInterNodeGbpsPerDevice(values.get("inter_node_gbps_per_device"))
                    .setDevicesPerNode(perNode)
                    .build();
        }
        return new Result(name == null ? "" : name, device, List.copyOf(errors), Set.copyOf(invalid));
    }
}
