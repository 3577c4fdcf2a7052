package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.schemas.ExperimentSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A spec's framework: read, folded into the cluster's engine fields, and priced by the hardware model. */
class FrameworkSpecTest {
    private static final String BASE = """
            name: fw
            model: qwen2.5-7b
            algorithm: {kind: grpo, group_size: 16, prompts_per_step: 64, minibatches: 4, steps: 2}
            workload:
              prompt_tokens: {dist: fixed, value: 512}
              response_tokens: {dist: lognormal, median: 2000, sigma: 0.8, max: 8192}
              reward: {kind: rule}
            cluster:
              device: h800-sxm
              placement: colocated
              rollout: {devices: 16, tp: 1}
              train: {devices: 16, tp: 2}
            async: {mode: sync}
            """;

    private static ExperimentSpec load(String extra) {
        return SpecLoader.parse(BASE + extra, "fw.yaml", "exp-fw");
    }

    @Test
    void shouldLeaveASpecWithoutAFrameworkAsItWas() {
        ExperimentSpec s = load("");
        assertNull(s.getFramework());
        assertEquals(256, s.getCluster().getMaxNumSeqs());
    }

    @Test
    void shouldReadTheNameAloneOrWithSettingsAndFillTheEngineDefaults() {
        ExperimentSpec verl = load("framework: verl\n");
        assertEquals("verl", verl.getFramework().getName());
        assertEquals(Map.of(), verl.getFramework().getSettings());
        assertEquals(1024, verl.getCluster().getMaxNumSeqs(), "verl's max_num_seqs when the cluster gives none");
        ExperimentSpec own = load("framework: {name: verl, param_offload: true, max_num_seqs: 64}\n");
        assertEquals(Map.of("param_offload", "true", "max_num_seqs", "64"), own.getFramework().getSettings());
        assertEquals(64, own.getCluster().getMaxNumSeqs());
        ExperimentSpec explicit = SpecLoader.parse(BASE.replace("train: {devices: 16, tp: 2}",
                "train: {devices: 16, tp: 2}\n  max_num_seqs: 128") + "framework: verl\n", "fw.yaml", "exp-fw");
        assertEquals(128, explicit.getCluster().getMaxNumSeqs(), "the cluster's own value wins");
    }

    @Test
    void shouldPriceTheColocatedSwitchAsTheProfileSays() {
        CatalogParamsResolver resolver = new CatalogParamsResolver();
        SimParams ideal = resolver.resolve(load(""));
        SimParams verl = resolver.resolve(load("framework: verl\n"));
        SimParams offload = resolver.resolve(load("framework: {name: verl, param_offload: true, optimizer_offload: true}\n"));
        // ideal: 11.1 s fixed + (2 + 12) B x 7.62e9 / 16 / 12 GB/s = 0.5556 s offload + TP 2 -> 1 regather of
        // 15.24 GB over NVLink (400 GB/s x 0.5): 0.0762 s
        assertEquals(11.1 + 14 * 7.62e9 / 16 / 12e9 + 15.24e9 / 200e9, ideal.switchUs / 1e6, 1e-5);
        // verl: no offload, and the FSDP gather over 16 devices (2 nodes) instead of the regather:
        // half of (2 x 7/8 x 15.24e9 / 200e9 + 2 x 1/2 x 1.905e9 / 40e9) = 0.0905 s
        double gather = (2 * 7.0 / 8 * 15.24e9 / 200e9 + 2 * 0.5 * 1.905e9 / 40e9) / 2;
        assertEquals(11.1 + gather, verl.switchUs / 1e6, 1e-5);
        assertEquals(11.1 + 14 * 7.62e9 / 16 / 12e9 + gather, offload.switchUs / 1e6, 1e-5);
    }
}
