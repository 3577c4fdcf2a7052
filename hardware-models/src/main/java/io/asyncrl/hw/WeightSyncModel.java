package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.*;

/**
 * Moving new weights from the trainer to rollout engines.
 *
 * <p>Disaggregated, by {@code sync.mechanism} ({@link SyncMechanism}), each plus the fixed cost of pausing the engines:
 * <ul>
 *   <li>checkpoint-engine: the model is broadcast bucket by bucket (each bucket a fixed latency) to every rollout
 *       device, which copies out its own shard (the checkpoint-engine README's H2D / broadcast / reload stages), so
 *       each device takes in the whole model at an effective update rate (bounded across nodes by the node's links); the holders of the new weights must
 *       push the model out once over their own links; a pipelined broadcast tree adds a hop per doubling of rollout
 *       nodes;
 *   <li>nccl: per bucket, a fixed latency; over the whole model, the gather of the trainer's shards into full
 *       tensors, the broadcast from the trainer's rank 0 at its network rate (NCCL pipelines the broadcast, so the
 *       receivers add no bandwidth term) and the engines' per-tensor loading;
 *   <li>disk: one writer saves the checkpoint, then every instance reads all of it and loads every tensor.
 * </ul>
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
        return switch (options.get(SYNC_MECHANISM)) {
            case CHECKPOINT_ENGINE -> checkpointEngineSeconds(device, model, trainDevices, rolloutDevices, rolloutTp, precision);
            case NCCL -> ncclSeconds(device, model, trainDevices, precision);
            case DISK -> diskSeconds(model, precision);
        };
    }

    /**
     * The part of the sync that holds the training devices: disk, the trainer writing the checkpoint (AReaL's realhf
     * saves it at the end of every train_step, before the worker replies: realhf/system/model_worker.py,
     * "param-sync-save"); nccl, all of it (the trainer's ranks gather the buckets and its rank 0 sends them);
     * checkpoint-engine, none (the weights are staged in host memory and broadcast by the engine's own processes).
     */
    public double trainerBlockedSeconds(Device device, ModelArch model, int trainDevices, int rolloutDevices,
            int rolloutTp, Precision precision) {
        return switch (options.get(SYNC_MECHANISM)) {
            case CHECKPOINT_ENGINE -> 0.0;
            case NCCL -> weightSyncSeconds(device, model, trainDevices, rolloutDevices, rolloutTp, precision);
            case DISK -> ModelFootprint.weightBytes(model, precision) / (options.get(SYNC_DISK_WRITE_GBPS) * 1e9);
        };
    }

    /**
     * checkpoint-engine: fixed + buckets x bucket latency + max(receive the model, send the model) + a hop per doubling
     * of rollout nodes.
     */
    public double checkpointEngineSeconds(Device device, ModelArch model, int trainDevices, int rolloutDevices,
            int rolloutTp, Precision precision) {
        double bytes = ModelFootprint.weightBytes(model, precision);
        double networkRate = Collectives.interNodeBytesPerSecond(device, options);
        int nodes = (rolloutDevices + device.devicesPerNode() - 1) / device.devicesPerNode();
        // Every rollout device receives the whole broadcast model and copies out its own shard, so rolloutTp does not
        // divide it; across nodes each node takes the model in once over all its devices' links.
        double receiveRate = nodes > 1
                ? StrictMath.min(options.get(SYNC_UPDATE_GBPS) * 1e9, networkRate * device.devicesPerNode())
                : options.get(SYNC_UPDATE_GBPS) * 1e9;
        double receive = bytes / receiveRate;
        double send = bytes / (trainDevices * networkRate);
        return options.get(SYNC_FIXED_SECONDS) + buckets(bytes) * options.get(SYNC_BUCKET_LATENCY_MS) / 1e3
                + StrictMath.max(receive, send) + ceilLog2(nodes) * options.get(SYNC_BROADCAST_HOP_SECONDS);
    }

    /**
     * Bucketed NCCL broadcast from the trainer: fixed + buckets x bucket latency + the gather of the trainer's shards
     * into full tensors (one ring phase over the trainer devices) + the model at the sender's network rate + the
     * engines' per-tensor loading.
     */
    public double ncclSeconds(Device device, ModelArch model, int trainDevices, Precision precision) {
        double bytes = ModelFootprint.weightBytes(model, precision);
        double buckets = buckets(bytes);
        double gather = trainDevices == 1 ? 0.0
                : Collectives.allReduceSeconds(device, bytes, trainDevices, device.devicesPerNode(), options) / 2.0;
        double send = bytes / Collectives.interNodeBytesPerSecond(device, options);
        return options.get(SYNC_FIXED_SECONDS) + buckets * options.get(SYNC_BUCKET_LATENCY_MS) / 1e3 + gather + send
                + loadSeconds(model);
    }

    /** Buckets of {@code sync.bucket-mb} MiB the model travels in. */
    double buckets(double bytes) {
        return StrictMath.ceil(bytes / (options.get(SYNC_BUCKET_MB) * 1024.0 * 1024.0));
    }

    /** Checkpoint through shared storage: fixed + one writer saves the model + each instance reads it all + loading. */
    public double diskSeconds(ModelArch model, Precision precision) {
        double bytes = ModelFootprint.weightBytes(model, precision);
        return options.get(SYNC_FIXED_SECONDS) + bytes / (options.get(SYNC_DISK_WRITE_GBPS) * 1e9)
                + bytes / (options.get(SYNC_DISK_READ_GBPS) * 1e9) + loadSeconds(model);
    }

    /** Per-tensor work on the path: the trainer gathers each sharded tensor, the engines load each one (in parallel). */
    double loadSeconds(ModelArch model) {
        return weightTensors(model) * options.get(SYNC_LOAD_US_PER_TENSOR) / 1e6;
    }

    /**
     * Weight tensors of a checkpoint, estimated from the shape: per layer the four attention projections and two
     * norms, the MLP matrices (every routed expert's three for MoE: the parameters left after attention and the
     * embeddings, counted in matrices of hidden x ffn), plus the embedding, the output head and the final norm.
     * Qwen3-30B-A3B: 48 x 6 + round((30.5e9 - 48 x 18,874,368 - 2 x 151,936 x 2,048) / (2,048 x 768)) + 3 = 18,711
     * (its checkpoint: 48 x (128 x 3 experts + 4 projections + 2 q/k norms + 2 norms + 1 router) + 3 = 18,915).
     */
    public static long weightTensors(ModelArch model) {
        double attention = (double) model.hidden() * model.heads() * model.headDim() * 2.0
                + 2.0 * model.hidden() * model.kvHeads() * model.headDim();
        double embeddings = 2.0 * model.vocab() * model.hidden();
        double mlp = model.params() - model.layers() * attention - embeddings;
        long matrices = mlp <= 0 ? 0L : StrictMath.round(mlp / ((double) model.hidden() * model.ffn()));
        return 6L * model.layers() + matrices + 3L;
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
