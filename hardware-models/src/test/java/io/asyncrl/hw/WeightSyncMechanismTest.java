package io.asyncrl.hw;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightSyncMechanismTest {
    private static final Device H800 = DeviceCatalog.require("h800-sxm");
    private static final ModelArch QWEN_7B = ModelCatalog.require("qwen2.5-7b");

    private static WeightSyncModel model(SyncMechanism mechanism) {
        return new WeightSyncModel(OptionValues.defaults().with(HardwareModelOptions.SYNC_MECHANISM, mechanism));
    }

    @Test
    void shouldCountTheTensorsOfADenseCheckpointFromItsShape() {
        // Qwen2.5-7B: 28 layers x (4 projections + 2 norms) + 28 x 3 MLP matrices + embedding, head, final norm:
        // attention 3584 x 28 x 128 x 2 + 2 x 3584 x 4 x 128 = 29,360,128 per layer, x 28 = 822,083,584;
        // embeddings 2 x 152,064 x 3,584 = 1,089,994,752; (7.62e9 - both) / (3,584 x 18,944) = 84.07 -> 84.
        assertEquals(28 * 6 + 84 + 3, WeightSyncModel.weightTensors(QWEN_7B));
    }

    @Test
    void shouldPriceAnNcclSyncAsBucketsSendAndPerTensorLoad() {
        // Qwen2.5-7B BF16 = 7.62e9 x 2 = 15.24e9 B from one trainer device on H800 (400 Gb/s = 50 GB/s x 0.8 = 40 GB/s):
        // fixed 0.291 s + ceil(15.24e9 / 2,147,483,648) = 8 buckets x 8.55 ms = 0.0684 s + 15.24e9 / 40e9 = 0.381 s
        // + 255 tensors x 260 us = 0.0663 s; no gather with one trainer device.
        double t = model(SyncMechanism.NCCL).weightSyncSeconds(H800, QWEN_7B, 1, 64, 1, Precision.BF16);
        assertEquals(0.291 + 0.0684 + 0.381 + 0.0663, t, 1e-6);
    }

    @Test
    void shouldPriceADiskSyncAsOneWriteOneReadAndTheLoad() {
        // 15.24e9 B written at 2 GB/s (7.62 s) and read back at 5 GB/s (3.048 s), + 0.291 s fixed + 0.0663 s load.
        double t = model(SyncMechanism.DISK).weightSyncSeconds(H800, QWEN_7B, 8, 64, 1, Precision.BF16);
        assertEquals(0.291 + 7.62 + 3.048 + 0.0663, t, 1e-6);
    }

    @Test
    void shouldHoldTheTrainerWhileItWritesOrSendsTheWeights() {
        // disk: the trainer writes 15.24e9 B at 2 GB/s = 7.62 s (realhf saves before its train_step returns); the read
        // and load (3.048 + 0.0663 s) and the fixed 0.291 s only delay the rollout
        assertEquals(7.62, model(SyncMechanism.DISK).trainerBlockedSeconds(H800, QWEN_7B, 8, 64, 1, Precision.BF16), 1e-9);
        // nccl: the trainer's rank 0 sends every bucket, so all of it (0.291 + 0.0684 + 0.381 + 0.0663 s, one device)
        assertEquals(0.291 + 0.0684 + 0.381 + 0.0663,
                model(SyncMechanism.NCCL).trainerBlockedSeconds(H800, QWEN_7B, 1, 64, 1, Precision.BF16), 1e-6);
        // checkpoint-engine: staged in host memory and broadcast by its own processes
        assertEquals(0.0, model(SyncMechanism.CHECKPOINT_ENGINE).trainerBlockedSeconds(H800, QWEN_7B, 8, 64, 1,
                Precision.BF16));
    }

    @Test
    void shouldBroadcastTheWholeModelToEveryDeviceWithTheCheckpointEngine() {
        // DeepSeek-V3 FP8 (671e9 B) on 16 H20s in 2 nodes: ceil(671e9 / 2,147,483,648) = 313 buckets x 8.55 ms =
        // 2.67615 s; every device takes in all of it at 86.1 GB/s (below the node's 8 x 40 GB/s): 7.793264 s; the 16
        // holders send 671e9 / (16 x 40e9) = 1.05 s (hidden); one doubling of nodes adds 0.65 s.
        // 0.291 + 2.67615 + 7.793264 + 0.65 = 11.410414 s. The rollout TP does not divide it.
        Device h20 = DeviceCatalog.require("h20");
        ModelArch v3 = ModelCatalog.require("deepseek-v3");
        WeightSyncModel sync = model(SyncMechanism.CHECKPOINT_ENGINE);
        assertEquals(0.291 + 2.67615 + 671e9 / 86.1e9 + 0.65, sync.weightSyncSeconds(h20, v3, 16, 16, 16, Precision.FP8),
                1e-6);
        assertEquals(sync.weightSyncSeconds(h20, v3, 16, 16, 8, Precision.FP8),
                sync.weightSyncSeconds(h20, v3, 16, 16, 16, Precision.FP8), 1e-12);
    }

    @Test
    void shouldChargeMoreBucketsWhenTheyAreSmaller() {
        OptionValues nccl = OptionValues.defaults().with(HardwareModelOptions.SYNC_MECHANISM, SyncMechanism.NCCL);
        double big = new WeightSyncModel(nccl.with(HardwareModelOptions.SYNC_BUCKET_MB, 2048.0))
                .weightSyncSeconds(H800, QWEN_7B, 8, 64, 1, Precision.BF16);
        double small = new WeightSyncModel(nccl.with(HardwareModelOptions.SYNC_BUCKET_MB, 64.0))
                .weightSyncSeconds(H800, QWEN_7B, 8, 64, 1, Precision.BF16);
        // 15.24e9 B: 8 buckets of 2 GiB against 228 of 64 MiB, 220 more x 8.55 ms = 1.881 s
        assertEquals(1.881, small - big, 1e-9);
    }

    @Test
    void shouldSetTheMechanismFromASpecStringAndRefuseAnUnknownOne() {
        OptionValues o = OptionValues.fromCheckedStrings(Map.of("sync.mechanism", "disk"));
        assertEquals(SyncMechanism.DISK, o.get(HardwareModelOptions.SYNC_MECHANISM));
        // options travel as strings: the value prints as it is written
        assertEquals("nccl", String.valueOf(SyncMechanism.NCCL));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> OptionValues.fromCheckedStrings(Map.of("sync.mechanism", "rdma")));
        assertEquals("sync.mechanism expected one of checkpoint-engine, nccl or disk, got 'rdma'", bad.getMessage());
    }

    @Test
    void shouldTakeEachFrameworksWeightSyncFromItsProfile() {
        assertEquals(SyncMechanism.NCCL, FrameworkProfiles.options("verl", Map.of(), OptionValues.defaults())
                .get(HardwareModelOptions.SYNC_MECHANISM));
        assertEquals(2048.0, FrameworkProfiles.options("verl", Map.of(), OptionValues.defaults())
                .get(HardwareModelOptions.SYNC_BUCKET_MB));
        assertEquals(SyncMechanism.DISK, FrameworkProfiles.options("areal", Map.of(), OptionValues.defaults())
                .get(HardwareModelOptions.SYNC_MECHANISM));
        assertEquals(SyncMechanism.NCCL, FrameworkProfiles.options("slime", Map.of(), OptionValues.defaults())
                .get(HardwareModelOptions.SYNC_MECHANISM));
        assertEquals(SyncMechanism.CHECKPOINT_ENGINE, FrameworkProfiles.options("ideal", Map.of(), OptionValues.defaults())
                .get(HardwareModelOptions.SYNC_MECHANISM));
        OptionValues overridden = FrameworkProfiles.options("areal", Map.of("weight_sync", "nccl", "sync_bucket_mb", "256"),
                OptionValues.defaults());
        assertEquals(SyncMechanism.NCCL, overridden.get(HardwareModelOptions.SYNC_MECHANISM));
        assertEquals(256.0, overridden.get(HardwareModelOptions.SYNC_BUCKET_MB));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FrameworkProfiles.options("verl", Map.of("weight_sync", "ftp"), OptionValues.defaults()));
        assertEquals("weight_sync must be checkpoint-engine, nccl or disk: how a disaggregated run moves new weights to "
                + "the rollout, got 'ftp'", bad.getMessage());
    }
}
