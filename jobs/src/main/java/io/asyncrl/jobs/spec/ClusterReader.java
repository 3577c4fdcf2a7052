package io.asyncrl.jobs.spec;

import static io.asyncrl.jobs.spec.FieldReader.POSITIVE_INT;

import com.fasterxml.jackson.databind.JsonNode;
import io.asyncrl.schemas.ClusterSpec;
import io.asyncrl.schemas.DeviceSpec;
import io.asyncrl.schemas.Placement;
import io.asyncrl.schemas.RoleSpec;
import java.util.OptionalDouble;

/** Reads {@code cluster:}: device, placement, the rollout and train roles and the engine limits. */
final class ClusterReader {
    private final FieldReader r;
    /** cluster.device given as a datasheet mapping; travels in ExperimentSpec.hardware.device. */
    private DeviceSpec inlineDevice;

    ClusterReader(FieldReader r) {
        this.r = r;
    }

    ClusterSpec read(Section s) {
        ClusterSpec.Builder b = ClusterSpec.newBuilder();
        JsonNode deviceNode = s.get("device");
        if (deviceNode != null && deviceNode.isObject()) {
            DeviceFieldReader.Result device = DeviceFieldReader.read(s.path("device"), deviceNode);
            r.errors.addAll(device.errors());
            r.invalid.addAll(device.invalidPaths());
            inlineDevice = device.device();
            b.setDevice(device.name());
        } else {
            b.setDevice(r.requiredString(s, "device", "a catalog device name, e.g. device: h800-sxm, or an inline datasheet "
                    + "mapping {" + String.join(", ", DeviceFieldReader.keys()) + "}").orElse(""));
        }
        b.setPlacement(r.requiredEnum(s, "placement", Placement.values(), Placement.DISAGGREGATED));
        b.setRollout(readRole(r.requiredSection(s, "rollout", "e.g. rollout: {devices: 96, tp: 1}", RoleSpec.getClassSchema())));
        b.setTrain(readRole(r.requiredSection(s, "train", "e.g. train: {devices: 32, tp: 2}", RoleSpec.getClassSchema())));
        r.readInt(s, "max_num_seqs", POSITIVE_INT).ifPresent(b::setMaxNumSeqs);
        r.readInt(s, "queue_depth", POSITIVE_INT).ifPresent(b::setQueueDepth);
        r.readBoolean(s, "rollout_eager").ifPresent(b::setRolloutEager);
        OptionalDouble fraction = r.readDouble(s, "rollout_memory_fraction", "a number in (0, 1]");
        if (fraction.isPresent()) {
            double f = fraction.getAsDouble();
            if (f > 0.0 && f <= 1.0) {
                b.setRolloutMemoryFraction(f);
            } else {
                r.error(s.path("rollout_memory_fraction"), "must be a number in (0, 1] (the share of each rollout device's "
                        + "memory the engine may use, like vLLM's gpu_memory_utilization), got " + f
                        + "; remove it for the placement's default");
                r.invalid.add(s.path("rollout_memory_fraction"));
            }
        }
        r.finish(s);
        return b.build();
    }

    /** The inline datasheet of {@code cluster.device}, or null for a catalog name. */
    DeviceSpec inlineDevice() {
        return inlineDevice;
    }

    private RoleSpec readRole(Section s) {
        RoleSpec.Builder b = RoleSpec.newBuilder();
        b.setDevices(r.requiredInt(s, "devices", POSITIVE_INT).orElse(1));
        r.readInt(s, "tp", POSITIVE_INT).ifPresent(b::setTp);
        r.readInt(s, "pp", POSITIVE_INT).ifPresent(b::setPp);
        r.finish(s);
        return b.build();
    }
}
