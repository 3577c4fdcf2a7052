package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model given by its Hugging Face config.json reaches the Flink job as an architecture inside the
 * Avro ExperimentSpec (the job never sees the file): the Flink+Kafka run equals the in-memory run of
 * the same spec and of the same model named from the catalog.
 */
class ModelArchitectureITCase {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    /** Qwen/Qwen3-30B-A3B config.json, the fields the reader uses (values as in the catalog row). */
    private static final String QWEN3_30B_A3B = """
            {"architectures": ["Qwen3MoeForCausalLM"], "decoder_sparse_step": 1, "head_dim": 128, "hidden_size": 2048,
             "intermediate_size": 6144, "mlp_only_layers": [], "model_type": "qwen3_moe", "moe_intermediate_size": 768,
             "num_attention_heads": 32, "num_experts": 128, "num_experts_per_tok": 8, "num_hidden_layers": 48,
             "num_key_value_heads": 4, "tie_word_embeddings": false, "vocab_size": 151936}
            """;

    private static final String SPEC = """
            name: hf-config-moe
            seed: 11
            model: MODEL
            algorithm: {kind: grpo, group_size: 4, prompts_per_step: 8, minibatches: 2, steps: 3}
            workload:
              prompt_tokens: {dist: fixed, value: 128}
              response_tokens: {dist: lognormal, median: 300, sigma: 0.8, max: 1024}
              reward: {kind: rule, cpu_ms_per_sample: 20, workers: 8}
            cluster:
              device: h800-sxm
              placement: disaggregated
              rollout: {devices: 4, tp: 2}
              train: {devices: 8, tp: 8}
            async: {mode: async, max_staleness: 2, partial_rollout: true}
            """;

    @Test
    void shouldRunAConfigJsonModelOnFlinkAsTheCatalogModelInMemory(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("Qwen3-30B-A3B"));
        Files.writeString(dir.resolve("Qwen3-30B-A3B").resolve("config.json"), QWEN3_30B_A3B);
        Path hfSpec = dir.resolve("hf.yaml");
        Files.writeString(hfSpec, SPEC.replace("MODEL", "{hf_config: Qwen3-30B-A3B}"));
        Path nameSpec = dir.resolve("name.yaml");
        Files.writeString(nameSpec, SPEC.replace("MODEL", "qwen3-30b-a3b"));
        ExperimentSpec hf = SpecLoader.load(hfSpec, "hf-config-it");
        ExperimentSpec byName = SpecLoader.load(nameSpec, "hf-config-it");

        RunOptions options = RunOptions.defaults().withBootstrap(kafka.bootstrapServers()).withParallelism(2)
                .withPartitions(1).withTopicPrefix("hfconfig.");
        String flink = LocalRunner.run(hf, options, ProgressListener.NONE).summaryJson();
        assertEquals(new LocalPipeline(new CatalogParamsResolver(), 7).run(hf), flink);
        // the spec block says how the model was given (config.json or catalog name); all the run computed is equal
        assertEquals(withoutSpec(new LocalPipeline(new CatalogParamsResolver(), 7).run(byName)), withoutSpec(flink));
    }

    private static String withoutSpec(String summaryJson) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode json =
                (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(summaryJson);
        json.remove("spec");
        return json.toString();
    }
}
