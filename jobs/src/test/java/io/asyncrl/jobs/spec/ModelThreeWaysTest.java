package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.operators.sim.core.ModelSpecs;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One catalog model named three ways (catalog name, inline architecture, Hugging Face config.json)
 * is one model: the three specs run through the in-memory pipeline to byte-identical summaries.
 */
class ModelThreeWaysTest {

    private static final String SPEC = """
            name: three-ways
            seed: 7
            model: MODEL
            algorithm: {kind: grpo, group_size: 4, prompts_per_step: 8, minibatches: 2, steps: 3}
            workload:
              prompt_tokens: {dist: fixed, value: 256}
              response_tokens: {dist: lognormal, median: 400, sigma: 0.8, max: 2048}
              reward: {kind: rule, cpu_ms_per_sample: 20, workers: 8}
            cluster:
              device: h800-sxm
              placement: disaggregated
              rollout: {devices: 4, tp: 1}
              train: {devices: 8, tp: 2}
            async: {mode: async, max_staleness: 2, partial_rollout: true}
            evaluation: {every_steps: 2, prompts: 8, response_tokens: 300}
            """;

    @Test
    void shouldSimulateQwen3EightBIdenticallyByNameInlineAndConfigJson(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("Qwen3-8B");
        Files.createDirectories(model);
        Files.copy(HfConfigReaderTest.fixtures().resolve("qwen3").resolve("config.json"), model.resolve("config.json"));
        ExperimentSpec byName = load(dir, "byname", "qwen3-8b");
        ExperimentSpec inline = load(dir, "inline", "{name: my-qwen3-8b, layers: 36, hidden: 4096, heads: 32, kv_heads: 8, "
                + "head_dim: 128, ffn: 12288, vocab: 151936, tied_embeddings: false}");
        ExperimentSpec hf = load(dir, "hf", "{hf_config: Qwen3-8B/config.json}");

        // the summaries' spec blocks say how the model was given; everything the run computed is equal
        String expected = simulated(InMemoryRunner.run(byName).summaryJson());
        assertEquals(expected, simulated(InMemoryRunner.run(inline).summaryJson()));
        assertEquals(expected, simulated(InMemoryRunner.run(hf).summaryJson()));

        // and the summary does depend on the model: a tied-embedding variant is 0.6B smaller and runs differently
        ExperimentSpec tied = load(dir, "tied", "{name: tied, layers: 36, hidden: 4096, heads: 32, kv_heads: 8, "
                + "head_dim: 128, ffn: 12288, vocab: 151936, tied_embeddings: true}");
        assertNotEquals(expected, simulated(InMemoryRunner.run(tied).summaryJson()));
        assertEquals(ModelSpecs.resolve(byName.getModel()).paramsB(), ModelSpecs.resolve(hf.getModel()).paramsB());
    }

    /** The summary without its spec block. */
    private static String simulated(String summaryJson) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode json =
                (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(summaryJson);
        json.remove("spec");
        return json.toString();
    }

    private static ExperimentSpec load(Path dir, String file, String model) throws Exception {
        Path spec = dir.resolve(file + ".yaml");
        Files.writeString(spec, SPEC.replace("MODEL", model));
        return SpecLoader.load(spec, "exp-three-ways");
    }
}
