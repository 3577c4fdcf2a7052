package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.*;

import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.InferenceEngine;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SpecHardware;
import io.asyncrl.schemas.ExperimentSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inference engine from a spec's hardware: block (or a sweep's --set) to the rollout timing of the simulation. */
class InferenceEngineSpecTest {
    private static final String BASE = DisaggregatedSpec.yaml("engine", "h100-sxm");

    private static SimParams resolve(String extra) {
        return new CatalogParamsResolver().resolve(SpecLoader.parse(BASE + extra, "test.yaml", "id-1"));
    }

    private static double decodeStep(String extra) {
        return resolve(extra).rolloutTiming.decodeStepSeconds(64, 64_000);
    }

    @Test
    void shouldTimeTheRolloutWithTheNamedEnginesProfile() {
        ExperimentSpec spec = SpecLoader.parse(BASE + "hardware: {inference.engine: trtllm-0.10}\n", "test.yaml", "id-1");
        assertEquals(Map.of("inference.engine", "trtllm-0.10"), spec.getHardware().getOptions());
        // the engine's profile is the same as writing its values out (EngineProfiles, trtllm-0.10)
        double written = decodeStep("hardware: {inference.hbm-bandwidth-efficiency: 0.855, "
                + "inference.decode-compute-efficiency: 0.238, inference.prefill-compute-efficiency: 0.666, "
                + "comm.pcie-link-efficiency: 0.211, inference.decode-overhead-us-per-layer: 637.843}\n");
        assertEquals(written, decodeStep("hardware: {inference.engine: trtllm-0.10}\n"), 1e-15);
        assertNotEquals(decodeStep(""), written, "a spec without an engine keeps the shared efficiencies");
        assertEquals(decodeStep(""), decodeStep("hardware: {inference.engine: shared}\n"), 1e-15);
    }

    @Test
    void shouldLetTheSpecsOwnEfficiencyWinOverTheEngines() {
        assertEquals(decodeStep("hardware: {inference.hbm-bandwidth-efficiency: 0.5, inference.decode-compute-efficiency: "
                        + "0.386, inference.prefill-compute-efficiency: 0.61, inference.decode-overhead-us-per-layer: 68.977}\n"),
                decodeStep("hardware: {inference.engine: trtllm-1.0, inference.hbm-bandwidth-efficiency: 0.5}\n"), 1e-15);
    }

    @Test
    void shouldLetTheFrameworkSettingNameTheEngine() {
        assertEquals(decodeStep("framework: verl\nhardware: {inference.engine: trtllm-1.0}\n"),
                decodeStep("framework: {name: verl, inference_engine: trtllm-1.0}\n"), 1e-15);
        assertNotEquals(decodeStep("framework: verl\n"), decodeStep("framework: {name: verl, inference_engine: trtllm-1.0}\n"));
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.parse(
                BASE + "framework: {name: verl, inference_engine: trt}\n", "test.yaml", "id-1"));
        assertTrue(e.getMessage().contains("framework.inference_engine"), e.getMessage());
    }

    @Test
    void shouldReachTheEngineFromASweepSet() {
        SpecVariants variants = new SpecVariants(BASE, "base.yaml");
        ExperimentSpec spec = variants.variant(SpecVariants.settings("hardware.inference.engine", "sglang"), "e").spec();
        assertEquals(InferenceEngine.SGLANG, SpecHardware.options(spec).get(HardwareModelOptions.INFERENCE_ENGINE));
    }

    @Test
    void shouldNameTheFieldAndTheEnginesForAnUnknownOne() {
        SpecException e = assertThrows(SpecException.class,
                () -> SpecLoader.parse(BASE + "hardware: {inference.engine: tensorrt}\n", "test.yaml", "id-1"));
        assertTrue(e.getMessage().contains("hardware.inference.engine"), e.getMessage());
        assertTrue(e.getMessage().contains("shared, trtllm-1.0, trtllm-0.21, trtllm-0.10, vllm or sglang"), e.getMessage());
        SpecException number = assertThrows(SpecException.class,
                () -> SpecLoader.parse(BASE + "hardware: {inference.engine: 3}\n", "test.yaml", "id-1"));
        assertTrue(number.getMessage().contains("must be shared, trtllm-1.0"), number.getMessage());
    }
}
