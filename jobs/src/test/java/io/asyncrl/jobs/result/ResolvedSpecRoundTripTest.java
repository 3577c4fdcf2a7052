package io.asyncrl.jobs.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.Variant;
import io.asyncrl.jobs.compare.VariantSets;
import io.asyncrl.jobs.spec.SpecException;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.operators.sim.summary.ResolvedSpec;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * spec.resolved.yaml is a spec: read back as it was written, derived block and all, it gives the spec the run used,
 * field for field, for every example and for the forms the examples do not use (an inline device and model,
 * hardware options, framework settings, a reward model, pass-rate distributions).
 */
class ResolvedSpecRoundTripTest {
    private static final String BASE = """
            name: forms
            seed: 7
            model: MODEL
            algorithm: {kind: grpo, group_size: 4, prompts_per_step: 8, minibatches: 2, steps: 3}
            workload:
              prompt_tokens: {dist: uniform, min: 64, max: 256}
              response_tokens: {dist: lognormal, median: 300, sigma: 0.8, max: 1024}
              reward: REWARD
            EXTRA_WORKLOAD
            cluster:
              device: DEVICE
              placement: disaggregated
              rollout: {devices: 4, tp: 1}
              train: {devices: 4, tp: 1}
            async: {mode: async, max_staleness: 2, partial_rollout: true}
            """;

    static Stream<Path> examples() throws IOException {
        Path dir = ExampleSummariesTest.examples().findFirst().orElseThrow().getParent();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** What run writes as spec.resolved.yaml for {@code spec}. */
    private static String resolvedYaml(ExperimentSpec spec) throws IOException {
        return RunOutputs.resolvedSpecYaml(new ObjectMapper().writeValueAsString(Map.of("spec", ResolvedSpec.of(spec))));
    }

    private static void assertRoundTrip(ExperimentSpec spec, Path folder) throws IOException {
        String yaml = resolvedYaml(spec);
        ExperimentSpec again = SpecLoader.parse(yaml, RunOutputs.RESOLVED_SPEC, spec.getId().toString(), folder);
        assertEquals(spec, again, yaml + "\n" + spec + "\n" + again);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void shouldReadEveryExamplesResolvedSpecBackAsTheSpecTheRunUsed(Path example) throws IOException {
        assertRoundTrip(SpecLoader.load(example, "exp-resolved"), example.toAbsolutePath().getParent());
    }

    private static String spec(String model, String device, String reward, String extraWorkload, String tail) {
        return BASE.replace("MODEL", model).replace("DEVICE", device).replace("REWARD", reward)
                .replace("EXTRA_WORKLOAD\n", extraWorkload) + tail;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldReadTheFormsNoExampleUsesBack(int form) throws IOException {
        String rule = "{kind: rule, cpu_ms_per_sample: 20, workers: 8}";
        String yaml = switch (form) {
            // an inline device and architecture, hardware options (one written nested), framework settings
            case 0 -> spec("{name: my-qwen, layers: 28, hidden: 1536, heads: 12, kv_heads: 2, head_dim: 128, ffn: 8960, "
                    + "vocab: 151936}", "{name: my-gpu, bf16_dense_tflops: 400, hbm_gib: 64, hbm_gbps: 2000, "
                    + "intra_node_gbps: 400, inter_node_gbps_per_device: 25}", rule, "",
                    "hardware: {train.mfu: 0.42, inference: {decode-step-overhead-ms: 2.5}, train.time-scale: 1.25}\n"
                    + "framework: {name: verl, param_offload: false, rollout_memory_fraction: 0.7, max_num_seqs: 256, "
                    + "weight_sync: nccl}\n");
            // a reward model on its own devices, a fixed pass rate, an evaluation, answer lengths a prompt's samples share
            case 1 -> spec("qwen2.5-1.5b", "h100-sxm", "{kind: model, model: qwen2.5-1.5b, devices: 2, tp: 1}",
                    "  pass_rate: {dist: fixed, value: 0.3}\n", "evaluation: {every_steps: 2, prompts: 8, response_tokens: 300}\n")
                    .replace("sigma: 0.8, max: 1024}", "sigma: 0.8, max: 1024, prompt_share: 0.4}");
            // uniform and beta pass rates with dynamic sampling, a uniform-turn agentic workload
            case 2 -> spec("qwen2.5-1.5b", "h800-sxm", rule, "  pass_rate: {dist: uniform, min: 0.2, max: 0.8}\n"
                    + "  turns: {dist: uniform, min: 1, max: 3}\n  tool_tokens: {dist: fixed, value: 200}\n"
                    + "  environment: {workers: 4, latency_seconds: {dist: fixed, value: 1.5}}\n", "")
                    .replace("steps: 3}", "steps: 3, dynamic_sampling: true}");
            default -> spec("qwen2.5-1.5b", "h800-sxm", rule, "  pass_rate: {dist: beta, alpha: 2, beta: 3}\n", "")
                    .replace("steps: 3}", "steps: 3, dynamic_sampling: true}");
        };
        assertRoundTrip(SpecLoader.parse(yaml, "forms.yaml", "exp-forms"), Path.of(""));
    }

    @Test
    void shouldGiveTheSameVariantsAsTheSpecItCameFrom() throws IOException {
        // compare, sweep and plan change the placement or the staleness bound, which the derived block describes
        Path example = examples().filter(p -> p.endsWith("qwen2.5-7b-grpo-async.yaml")).findFirst().orElseThrow();
        String yaml = resolvedYaml(SpecLoader.load(example, "exp-variants"));
        List<String> modes = List.of("sync", "one-step-off", "async", "sync-disaggregated");
        List<Variant> fromSpec = VariantSets.modes(new SpecVariants(Files.readString(example), example.toString()), modes,
                null);
        List<Variant> fromResolved = VariantSets.modes(new SpecVariants(yaml, RunOutputs.RESOLVED_SPEC), modes, null);
        assertEquals(fromSpec.size(), fromResolved.size());
        for (int i = 0; i < fromSpec.size(); i++) {
            ExperimentSpec a = ExperimentSpec.newBuilder(fromSpec.get(i).spec()).setId("x").build();
            ExperimentSpec b = ExperimentSpec.newBuilder(fromResolved.get(i).spec()).setId("x").build();
            assertEquals(a, b, fromSpec.get(i).label());
        }
    }

    @Test
    void shouldRefuseADerivedBlockThatSaysOtherThanTheSpecNamingTheField() throws IOException {
        ExperimentSpec spec = SpecLoader.load(examples().filter(p -> p.endsWith("tiny-async.yaml")).findFirst()
                .orElseThrow(), "exp-derived");
        String yaml = resolvedYaml(spec);
        assertTrue(yaml.contains("\n    layers: 28\n"), yaml);

        // edited in the belief that it sets the model's depth
        SpecException edited = assertThrows(SpecException.class, () -> SpecLoader.parse(
                yaml.replace("\n    layers: 28\n", "\n    layers: 32\n"), "edited.yaml", "exp-derived"));
        assertEquals("edited.yaml: derived.model.layers: says 32 where this spec gives 28: the derived block is output "
                + "only (what a run worked out from the spec) and sets nothing; delete it, or change the spec field it "
                + "comes from", edited.getMessage().strip());

        // the spec changed under its old derived block: the block no longer says what the spec gives
        assertTrue(yaml.contains("\n  device: h800-sxm\n"), yaml);
        SpecException stale = assertThrows(SpecException.class, () -> SpecLoader.parse(
                yaml.replace("\n  device: h800-sxm\n", "\n  device: h100-sxm\n"), "stale.yaml", "exp-derived"));
        assertTrue(stale.getMessage().contains("stale.yaml: derived.device.intra_node_gbps: says 400.0 where this spec "
                + "gives 900.0"), stale.getMessage());

        // a key no run works out
        SpecException extra = assertThrows(SpecException.class, () -> SpecLoader.parse(
                yaml.replace("\nderived:\n", "\nderived:\n  mfu: 0.5\n"), "extra.yaml", "exp-derived"));
        assertTrue(extra.getMessage().contains("extra.yaml: derived.mfu: is not something a run works out"),
                extra.getMessage());

        // without the block, the same spec
        String without = yaml.replaceFirst("(?m)^derived:\n(?:  .*\n)+", "");
        assertTrue(!without.contains("\nderived:") && without.contains("\nevaluation:\n"), without);
        assertEquals(spec, SpecLoader.parse(without, "without.yaml", "exp-derived"));
    }
}
