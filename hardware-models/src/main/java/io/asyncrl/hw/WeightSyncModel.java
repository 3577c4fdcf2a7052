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
        return options.get(SWITCH_FIXED_SECONDS) + offloadSeconds(model, devices)
                + reshardSeconds(device, model, devices, rolloutTp, trainTp);
    }

    /**
     * One direction of moving the trainer's resident state between device and host memory over the host link: BF16
     * weights, FP32 gradients and optimizer state as the offload options say, each sharded (FSDP / ZeRO) over the
     * {@code devices} training devices.
     */
    public double offloadSeconds(ModelArch model, int devices) {
        double bytesPerParam = (options.get(PARAM_OFFLOAD) ? 2.0 : 0.0)
                + (options.get(GRAD_OFFLOAD) ? options.get(GRAD_BYTES_PER_PARAM) : 0.0)
                + (options.get(OPTIMIZER_OFFLOAD) ? options.get(OPTIMIZER_BYTES_PER_PARAM) : 0.0);
        return model.params() * bytesPerParam / devices / (options.get(SWITCH_HOST_GBPS) * 1e9);
    }

    /**
     * Building the inference layout from the training one: with {@code switch.reshard-gather} an all-gather of the
     * BF16 weights over all the devices (FSDP shards them over everyone; one ring phase, half an all-reduce);
     * otherwise a regather of the rollout shard over the TP group only when the TP sizes differ.
     */
    public double reshardSeconds(Device device, ModelArch model, int devices, int rolloutTp, int trainTp) {
        double weights = ModelFootprint.weightBytes(model, Precision.BF16);
        if (options.get(RESHARD_GATHER)) {
            return Collectives.allReduceSeconds(device, weights, devices, device.devicesPerNode(), options) / 2.0;
        }
        return rolloutTp == trainTp ? 0.0
                : weights / rolloutTp / Collectives.linkBytesPerSecond(device, StrictMath.max(rolloutTp, trainTp), options);
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
