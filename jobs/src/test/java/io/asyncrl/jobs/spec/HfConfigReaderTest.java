package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.hw.Architecture;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.operators.sim.core.ModelSpecs;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One config.json per supported model_type (test resources hf-configs/&lt;model_type&gt;/config.json,
 * copies of published files, see each catalog row's source), read through a spec's
 * {@code model: {hf_config: ...}} and compared with the catalog entry of the same model.
 */
class HfConfigReaderTest {

    static final String SPEC = """
            name: hf
            model: MODEL
            algorithm: {kind: grpo, group_size: 4, prompts_per_step: 8, minibatches: 2, steps: 2}
            workload:
              prompt_tokens: {dist: fixed, value: 128}
              response_tokens: {dist: lognormal, median: 300, sigma: 0.8, max: 1024}
              reward: {kind: rule, cpu_ms_per_sample: 20, workers: 8}
            cluster:
              device: h800-sxm
              placement: disaggregated
              rollout: {devices: 8, tp: 8}
              train: {devices: 8, tp: 8}
            async: {mode: sync}
            """;

    static Path fixtures() throws URISyntaxException {
        return Path.of(HfConfigReaderTest.class.getResource("/hf-configs").toURI());
    }

    static Stream<Arguments> catalogModels() {
        return Stream.of(
                Arguments.of("llama", "llama-2-7b"),
                Arguments.of("mistral", "mistral-7b"),
                Arguments.of("mixtral", "mixtral-8x7b"),
                Arguments.of("qwen2", "qwen2.5-7b"),
                Arguments.of("qwen3", "qwen3-8b"),
                Arguments.of("qwen3_moe", "qwen3-30b-a3b"),
                Arguments.of("gemma2", "gemma-2-2b"),
                Arguments.of("gemma3_text", "gemma-3-1b"),
                Arguments.of("gemma3", "gemma-3-4b"),
                Arguments.of("deepseek_v3", "deepseek-v3"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("catalogModels")
    void shouldReadEachModelTypeAsTheSameModelOfTheCatalog(String type, String catalogName) throws Exception {
        io.asyncrl.schemas.ModelSpec m = model("{hf_config: " + fixtures().resolve(type).resolve("config.json") + "}");
        assertEquals(type, m.getName(), "named after the config's folder");
        assertEquals(ModelCatalog.architecture(catalogName).orElseThrow(), ModelSpecs.architecture(m).orElseThrow());
        assertEquals(renamed(ModelCatalog.require(catalogName), type), ModelSpecs.resolve(m));
    }

    @Test
    void shouldReadGemmaOneAndTieItsEmbeddingsByDefault() throws Exception {
        Architecture a = ModelSpecs.architecture(model("{hf_config: " + fixtures().resolve("gemma") + "}"))
                .orElseThrow();
        assertEquals(Architecture.dense(18, 2048, 8, 1, 256, 16384, 256000, true), a);
        // per layer: q, o 2 * 2048 * 2048 = 8,388,608; k, v 2 * 2048 * 256 = 1,048,576; norms 4,096;
        // MLP 3 * 2048 * 16384 = 100,663,296 -> 110,104,576; * 18 = 1,981,882,368;
        // tied embedding 256000 * 2048 = 524,288,000; final norm 2,048 -> 2,506,172,416 (google/gemma-2b: 2.51B)
        assertEquals(2_506_172_416L, a.params());
    }

    @Test
    void shouldReadDeepSeekV2LiteWithoutQueryCompression() throws Exception {
        Architecture a = ModelSpecs.architecture(model("{hf_config: "
                + fixtures().resolve("deepseek_v2").resolve("config.json") + "}")).orElseThrow();
        assertEquals(0, a.qLoraRank());
        // attention per layer: q 2048 * 16 * 192 = 6,291,456; kv_a 2048 * 576 = 1,179,648; kv norm 512;
        // kv_b 512 * 16 * 256 = 2,097,152; o 16 * 128 * 2048 = 4,194,304 -> 13,763,072; + norms 4,096; * 27 = 371,713,536.
        // 1 dense layer 3 * 2048 * 10944 = 67,239,936. 26 MoE layers: router 2048 * 64 = 131,072,
        // expert 3 * 2048 * 1408 = 8,650,752: total (64 + 2) * 8,650,752 + 131,072 = 571,080,704, * 26 = 14,848,098,304;
        // active (6 + 2) * 8,650,752 + 131,072 = 69,337,088, * 26 = 1,802,764,288.
        // embeddings 2 * 102400 * 2048 = 419,430,400; final norm 2,048.
        assertEquals(15_706_484_224L, a.params()); // DeepSeek-V2 paper: V2-Lite 15.7B total
        assertEquals(2_661_150_208L, a.activeParams());
        // MLA: 27 layers * (512 + 64) * 2 bytes
        assertEquals(31_104L, a.kvBytesPerTokenBf16());
    }

    @Test
    void shouldResolveARelativePathAgainstTheSpecFilesFolder(@TempDir Path dir) throws IOException, URISyntaxException {
        Path models = dir.resolve("models").resolve("Qwen3-8B");
        Files.createDirectories(models);
        Files.copy(fixtures().resolve("qwen3").resolve("config.json"), models.resolve("config.json"));
        Path specs = dir.resolve("specs");
        Files.createDirectories(specs);
        Path file = specs.resolve("s.yaml");
        Files.writeString(file, SPEC.replace("MODEL", "{hf_config: ../models/Qwen3-8B/config.json}"));
        ExperimentSpec spec = SpecLoader.load(file, "exp-1");
        assertEquals("Qwen3-8B", spec.getModel().getName());
        // the CLI parses the file's text, naming the file as the source: the same folder applies
        assertEquals(spec.getModel(), SpecLoader.parse(Files.readString(file), file.toString(), "exp-1").getModel());
        assertEquals(36, spec.getModel().getLayers());
        assertEquals(ModelCatalog.architecture("qwen3-8b").orElseThrow(), ModelSpecs.architecture(spec.getModel()).orElseThrow());
    }

    @Test
    void shouldTakeTheNameGivenBesideTheConfig() throws Exception {
        io.asyncrl.schemas.ModelSpec m = model("{name: my-mixtral, hf_config: " + fixtures().resolve("mixtral") + "}");
        assertEquals("my-mixtral", m.getName());
        assertEquals(8, m.getExperts());
    }

    @Test
    void shouldNameTheModelTypeItDoesNotKnowAndTheInlineFields(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"model_type\": \"falcon\", \"hidden_size\": 4544}");
        List<SpecError> errors = errors(dir, "{hf_config: config.json}");
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("model.hf_config", errors.get(0).field());
        String message = errors.get(0).message();
        assertTrue(message.contains("model_type 'falcon'"), message);
        assertTrue(message.contains("supported: deepseek_v2, deepseek_v3, gemma"), message);
        assertTrue(message.contains("layers, hidden, heads, kv_heads, head_dim, ffn, vocab"), message);
    }

    @Test
    void shouldNameTheMissingField(@TempDir Path dir) throws IOException, URISyntaxException {
        String qwen3 = Files.readString(fixtures().resolve("qwen3").resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), qwen3.replace("\"intermediate_size\": 12288,", ""));
        List<SpecError> errors = errors(dir, "{hf_config: config.json}");
        assertEquals(List.of(new SpecError("model.hf_config",
                "config.json lacks \"intermediate_size\", which a qwen3 config needs")), errors);
    }

    @Test
    void shouldRefuseNegativeSizesAndFieldsBesideTheConfig(@TempDir Path dir) throws IOException, URISyntaxException {
        String llama = Files.readString(fixtures().resolve("llama").resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), llama.replace("\"hidden_size\": 4096", "\"hidden_size\": -4096"));
        List<SpecError> errors = errors(dir, "{hf_config: config.json, layers: 4}");
        assertEquals(List.of(
                new SpecError("model.hf_config", "\"hidden_size\" in config.json must be a positive integer, got -4096"),
                new SpecError("model.layers", "cannot be given with hf_config: the architecture comes from the config.json; "
                        + "give either hf_config (and optionally name) or an inline architecture")),
                errors.stream().sorted(java.util.Comparator.comparing(SpecError::field)).toList());
    }

    @Test
    void shouldSayWhereAFileIsNotJson(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\",\n  hidden_size: 4096}");
        List<SpecError> errors = errors(dir, "{hf_config: config.json}");
        assertEquals("model.hf_config", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("is not JSON at line 2"), errors.get(0).message());
    }

    @Test
    void shouldReportAMissingFile(@TempDir Path dir) {
        List<SpecError> errors = errors(dir, "{hf_config: nowhere/config.json}");
        assertEquals("model.hf_config", errors.get(0).field());
        assertTrue(errors.get(0).message().startsWith("cannot read " + dir.resolve("nowhere/config.json")),
                errors.get(0).message());
    }

    /** Reads the spec's model as SpecLoader does, without the cluster checks (sizes and memory) of the validator. */
    private static io.asyncrl.schemas.ModelSpec model(String model) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                    .readTree(SPEC.replace("MODEL", model));
            HfConfigReader.Expansion hf = HfConfigReader.expand(root, Path.of(""));
            SpecReader.Result read = SpecReader.read(root, "exp-1");
            assertEquals(List.of(), hf.errors());
            assertEquals(List.of(), read.errors());
            return read.spec().getModel();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<SpecError> errors(Path dir, String model) {
        Path file = dir.resolve("spec.yaml");
        try {
            Files.writeString(file, SPEC.replace("MODEL", model));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return assertThrows(SpecException.class, () -> SpecLoader.load(file, "exp-1")).errors();
    }

    private static ModelArch renamed(ModelArch m, String name) {
        return new ModelArch(name, m.layers(), m.hidden(), m.heads(), m.kvHeads(), m.headDim(), m.ffn(), m.vocab(),
                m.paramsB(), m.activeParamsB(), m.kvBytesPerTokenOverride());
    }
}
