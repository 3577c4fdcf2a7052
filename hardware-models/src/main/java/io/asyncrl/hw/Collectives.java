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

    /**
     * Devices whose intra-node figure is at most this (GB/s, bidirectional) have no NVLink-class links: their
     * collectives cross PCIe switches or the host (L40S, L20, H100 PCIe: 64-128 GB/s; the slowest NVLink-class
     * figure in the catalog is 196).
     */
    public static final double PCIE_MAX_GBPS = 128.0;

    public static boolean pcieOnly(Device device) {
        return device.intraNodeGBps() <= PCIE_MAX_GBPS;
    }

    public static double intraNodeBytesPerSecond(Device device, OptionValues options) {
        return device.intraNodeGBps() * 1e9
                * options.get(pcieOnly(device) ? HardwareModelOptions.PCIE_LINK_EFFICIENCY : INTRA_NODE_LINK_EFFICIENCY);
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
