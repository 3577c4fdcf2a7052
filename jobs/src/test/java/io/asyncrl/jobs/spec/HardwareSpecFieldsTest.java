package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.*;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.HardwareModels;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SpecHardware;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec's inline device and hardware: block, from YAML to the simulation's hardware model. */
class HardwareSpecFieldsTest {
    private static final String BASE = DisaggregatedSpec.yaml("hw", "DEVICE");

    private static ExperimentSpec load(String device, String extra) {
        return SpecLoader.parse(BASE.replace("DEVICE", device) + extra, "test.yaml", "id-1");
    }

    @Test
    void shouldResolveH20ToTheH20NotTheH200() {
        ExperimentSpec spec = load("h20", "");
        Device d = new CatalogParamsResolver().resolve(spec).device;
        assertEquals("h20", d.name());
        assertEquals(148.0, d.bf16Tflops());
    }

    @Test
    void shouldTimeAnInlineDeviceExactlyLikeTheCatalogDeviceWithTheSameFigures() {
        // the H100 SXM row of hardware.csv: 989 TFLOPS, 80 GiB, 3350 GB/s, 900 GB/s NVLink, 50 GB/s per device
        ExperimentSpec spec = load("{name: my-h100, bf16_dense_tflops: 989, hbm_gib: 80, hbm_gbps: 3350, "
                + "intra_node_gbps: 900, inter_node_gbps_per_device: 50}", "");
        SimParams p = new CatalogParamsResolver().resolve(spec);
        Device catalog = DeviceCatalog.require("h100-sxm");
        assertEquals(new Device("my-h100", 989, 80, 3350, 900, 50, 8), p.device);
        assertEquals("my-h100", spec.getCluster().getDevice());
        ModelArch q7 = ModelCatalog.require("qwen2.5-7b");
        var inline = HardwareModels.defaultModel().inference(p.device, q7, 2);
        var named = HardwareModels.defaultModel().inference(catalog, q7, 2);
        assertEquals(named.decodeStepSeconds(64, 100_000), inline.decodeStepSeconds(64, 100_000));
        assertEquals(named.prefillSeconds(4096, 0), inline.prefillSeconds(4096, 0));
        assertEquals(named.kvCapacityTokens(), inline.kvCapacityTokens());
    }

    @Test
    void shouldAddTheOverriddenDecodeOverheadToEveryStep() {
        ExperimentSpec spec = load("h100-sxm", "hardware: {inference.decode-step-overhead-ms: 2.0}\n");
        assertEquals(Map.of("inference.decode-step-overhead-ms", "2.0"), spec.getHardware().getOptions());
        SimParams p = new CatalogParamsResolver().resolve(spec);
        ModelArch q7 = ModelCatalog.require("qwen2.5-7b");
        double overridden = p.hardware.inference(p.device, q7, 1).decodeStepSeconds(1, 1000);
        double defaults = HardwareModels.defaultModel().inference(p.device, q7, 1).decodeStepSeconds(1, 1000);
        // overridden 2.0 ms instead of the default, everything else equal: one step takes the difference longer
        double defaultMs = io.asyncrl.hw.HardwareModelOptions.DECODE_STEP_OVERHEAD_MS.defaultValue();
        assertEquals((2.0 - defaultMs) / 1000, overridden - defaults, 1e-12);
    }

    @Test
    void shouldReachTheOptionsFromSweepSetAsANestedMapping() {
        SpecVariants variants = new SpecVariants(BASE.replace("DEVICE", "h100-sxm"), "base.yaml");
        ExperimentSpec spec = variants.variant(SpecVariants.settings("hardware.train.mfu", "0.42"), "mfu").spec();
        assertEquals(Map.of("train.mfu", "0.42"), spec.getHardware().getOptions());
        assertEquals(0.42, SpecHardware.options(spec).get(io.asyncrl.hw.HardwareModelOptions.TRAIN_MFU));
    }

    @Test
    void shouldIncludeACalibratedFileWithTheSpecsOwnKeysWinning(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cal.yaml"), "hardware:\n  train.mfu: 0.3\n  inference.hbm-bandwidth-efficiency: 0.7\n");
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, BASE.replace("DEVICE", "h100-sxm") + "hardware: {include: cal.yaml, train.mfu: 0.5}\n");
        ExperimentSpec s = SpecLoader.load(spec, "id-2");
        assertEquals(Map.of("train.mfu", "0.5", "inference.hbm-bandwidth-efficiency", "0.7"), s.getHardware().getOptions());
    }

    @Test
    void shouldNameTheIncludeWhenItsFileIsMissing(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, BASE.replace("DEVICE", "h100-sxm") + "hardware: {include: nowhere.yaml}\n");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(spec, "id-3"));
        assertTrue(e.getMessage().contains("hardware.include: cannot read"), e.getMessage());
    }

    @Test
    void shouldCarryTheInlineDeviceAndOptionsThroughAvroToTheServiceJob() throws Exception {
        ExperimentSpec spec = load("{name: my-gpu, bf16_dense_tflops: 400, hbm_gib: 96, hbm_gbps: 2000, "
                + "intra_node_gbps: 400, inter_node_gbps_per_device: 25, devices_per_node: 4}", "hardware: {train.mfu: 0.42}\n");
        ExperimentSpec decoded = ExperimentSpec.getDecoder().decode(ExperimentSpec.getEncoder().encode(spec));
        assertEquals(spec, decoded);
        SimParams p = new CatalogParamsResolver().resolve(decoded);
        assertEquals(new Device("my-gpu", 400, 96, 2000, 400, 25, 4), p.device);
        assertEquals(0.42, SpecHardware.options(decoded).get(io.asyncrl.hw.HardwareModelOptions.TRAIN_MFU));
    }
}
