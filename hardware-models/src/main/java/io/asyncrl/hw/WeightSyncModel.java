package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.*;

/**
 * Moving new weights from the trainer to rollout engines.
 *
 * <p>Disaggregated: every rollout device takes in its 1/rolloutTp shard of the weights at an effective
 * update rate (bounded by its network link), the trainer must push the whole model out once over its own
 * links, and a pipelined broadcast tree adds a hop per doubling of rollout nodes; plus a fixed cost.
 *
 * <p>Colocated ({@code sync} mode): training state (BF16 weights + optimizer, ZeRO-sharded over all
 * devices) is offloaded to host and back, the weights are regathered into the rollout TP layout over
 * the intra-node links, plus a fixed cost for putting the engines to sleep and waking them.
 */
public final class WeightSyncModel {
    private final OptionValues options;

    public WeightSyncModel(OptionValues options) {
        this.options = options;
    }

    public double weightSyncSeconds(Device device, ModelArch model, int trainDevices, int rolloutDevices,
            int rolloutTp, Precision precision) {
        if (trainDevices < 1 || rolloutDevices < 1 || rolloutTp < 1) {
            throw new IllegalArgumentException("trainDevices, rolloutDevices and rolloutTp must be >= 1");
        }
        double bytes = ModelFootprint.weightBytes(model, precision);
        double networkRate = Collectives.interNodeBytesPerSecond(device, options);
        double receiveRate = StrictMath.min(options.get(SYNC_UPDATE_GBPS) * 1e9, networkRate);
        double receive = bytes / rolloutTp / receiveRate;
        double send = bytes / (trainDevices * networkRate);
        int nodes = (rolloutDevices + device.devicesPerNode() - 1) / device.devicesPerNode();
        return options.get(SYNC_FIXED_SECONDS) + StrictMath.max(receive, send)
                + ceilLog2(nodes) * options.get(SYNC_BROADCAST_HOP_SECONDS);
    }

    public double colocatedSwitchSeconds(Device device, ModelArch model, int devices, int rolloutTp, int trainTp) {
        if (devices < 1 || rolloutTp < 1 || trainTp < 1) {
            throw new IllegalArgumentException("devices, rolloutTp and trainTp must be >= 1");
        }
        double stateBytesPerDevice = model.params() * (2.0 + options.get(OPTIMIZER_BYTES_PER_PARAM)) / devices;
        double offload = stateBytesPerDevice / (options.get(SWITCH_HOST_GBPS) * 1e9);
        double rolloutShard = ModelFootprint.weightBytes(model, Precision.BF16) / rolloutTp;
        double reshard = rolloutTp == trainTp ? 0.0
                : rolloutShard / Collectives.linkBytesPerSecond(device, StrictMath.max(rolloutTp, trainTp), options);
        return options.get(SWITCH_FIXED_SECONDS) + offload + reshard;
    }

    /** Smallest k with 2^k >= n, in integers. */
    static int ceilLog2(int n) {
        int k = 0;
        long p = 1;
        while (p < n) {
            p *= 2;
            k++;
        }
        return k;
    }
}
