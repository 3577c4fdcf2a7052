package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.INTER_NODE_LINK_EFFICIENCY;
import static io.asyncrl.hw.HardwareModelOptions.INTRA_NODE_LINK_EFFICIENCY;

/** Bandwidth of collectives among a group of devices: NVLink-class inside a node, IB/RoCE across. */
public final class Collectives {
    private Collectives() {}

    /** Achieved bytes/s per device for a group of {@code groupSize} devices packed into as few nodes as possible. */
    public static double linkBytesPerSecond(Device device, int groupSize, OptionValues options) {
        return groupSize <= device.devicesPerNode() ? intraNodeBytesPerSecond(device, options)
                : interNodeBytesPerSecond(device, options);
    }

    public static double intraNodeBytesPerSecond(Device device, OptionValues options) {
        return device.intraNodeGBps() * 1e9 * options.get(INTRA_NODE_LINK_EFFICIENCY);
    }

    public static double interNodeBytesPerSecond(Device device, OptionValues options) {
        return device.interNodeGBps() * 1e9 * options.get(INTER_NODE_LINK_EFFICIENCY);
    }

    /**
     * Seconds of a hierarchical ring all-reduce of {@code bytes} over {@code group} devices, of which
     * {@code perNode} share a node: a reduce-scatter/all-gather inside the node over NVLink-class links
     * and an all-reduce of the 1/perNode shard across nodes, each device on its own NIC.
     */
    public static double allReduceSeconds(Device device, double bytes, int group, int perNode, OptionValues options) {
        if (group <= 1 || bytes <= 0) {
            return 0.0;
        }
        int local = StrictMath.max(1, StrictMath.min(group, perNode));
        int nodes = (group + local - 1) / local;
        double intra = local > 1 ? 2.0 * (local - 1) / local * bytes / intraNodeBytesPerSecond(device, options) : 0.0;
        double inter = nodes > 1
                ? 2.0 * (nodes - 1) / nodes * (bytes / local) / interNodeBytesPerSecond(device, options)
                : 0.0;
        return intra + inter;
    }
}
