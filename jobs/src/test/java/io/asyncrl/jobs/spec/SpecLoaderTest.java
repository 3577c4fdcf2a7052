package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.schemas.AlgorithmKind;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.Placement;
import io.asyncrl.schemas.RewardKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema-level behaviour of the loader: defaults, normalisation, error collection and formatting. */
class SpecLoaderTest {

    /** A valid spec against {@link FakeHardware}; tests replace single lines of it. */
    static final String VALID = """
            name: fake
            model: small
            algorithm: {kind: grpo, group_size: 4, prompts_per_step: 8, minibatches: 2, steps: 3}
            workload:
              prompt_tokens: {dist: fixed, value: 100}
              response_tokens: {dist: lognormal, median: 300, sigma: 0.8, max: 1000}
              reward: {kind: rule}
            cluster:
              device: gpu
              placement: disaggregated
              rollout: {devices: 4, tp: 1}
              train: {devices: 4, tp: 2}
            async: {mode: async}
            """;

    static ExperimentSpec parseFake(String yaml) {
        return SpecLoader.parse(yaml, "test.yaml", "exp-1", new FakeHardware(1, 1));
    }

    static List<SpecError> errorsOf(String yaml) {
        return assertThrows(SpecException.class, () -> parseFake(yaml)).errors();
    }

    static String with(String oldLine, String newLine) {
        assertTrue(VALID.contains(oldLine), oldLine);
        return VALID.replace(oldLine, newLine);
    }

    @Test
    void shouldApplyTheSchemaDefaultsToOmittedFields() {
        ExperimentSpec spec = parseFake(VALID);
        assertEquals("exp-1", spec.getId());
        assertEquals(42L, spec.getSeed());
        assertEquals(AlgorithmKind.GRPO, spec.getAlgorithm().getKind());
        assertEquals(20.0, spec.getWorkload().getReward().getCpuMsPerSample());
        assertEquals(64, spec.getWorkload().getReward().getWorkers());
        assertNull(spec.getWorkload().getReward().getModel());
        assertEquals(1, spec.getCluster().getRollout().getPp());
        assertEquals(256, spec.getCluster().getMaxNumSeqs());
        assertEquals(32, spec.getCluster().getQueueDepth());
        assertEquals(4, spec.getAsync().getMaxStaleness());
        assertFalse(spec.getAsync().getPartialRollout());
        assertEquals(0, spec.getEvaluation().getEverySteps());
        assertEquals(256, spec.getEvaluation().getPrompts());
        assertEquals(4096, spec.getEvaluation().getResponseTokens());
        assertEquals(0, spec.getEvaluation().getDevices());
        assertEquals(1, spec.getWorkload().getResponseTokens().getMin());
    }

    @Test
    void shouldApplyAlgorithmDefaultsWhenOnlyKindIsGiven() {
        ExperimentSpec spec = parseFake(with("algorithm: {kind: grpo, group_size: 4, prompts_per_step: 8, minibatches: 2, steps: 3}",
                "algorithm: {kind: ppo}"));
        assertEquals(AlgorithmKind.PPO, spec.getAlgorithm().getKind());
        assertEquals(16, spec.getAlgorithm().getGroupSize());
        assertEquals(512, spec.getAlgorithm().getPromptsPerStep());
        assertEquals(4, spec.getAlgorithm().getMinibatches());
        assertEquals(50, spec.getAlgorithm().getSteps());
    }

    @Test
    void shouldReadEveryGivenValue() {
        ExperimentSpec spec = parseFake(with("async: {mode: async}", "async: {mode: async, max_staleness: 7, partial_rollout: true}")
                + "seed: -9\nevaluation: {every_steps: 5, prompts: 16, response_tokens: 512, devices: 2}\n");
        assertEquals(-9L, spec.getSeed());
        assertEquals(7, spec.getAsync().getMaxStaleness());
        assertTrue(spec.getAsync().getPartialRollout());
        assertEquals(Placement.DISAGGREGATED, spec.getCluster().getPlacement());
        assertEquals(DistKind.LOGNORMAL, spec.getWorkload().getResponseTokens().getDist());
        assertEquals(300.0, spec.getWorkload().getResponseTokens().getMedian());
        assertEquals(0.8, spec.getWorkload().getResponseTokens().getSigma());
        assertEquals(1000, spec.getWorkload().getResponseTokens().getMax());
        assertEquals(RewardKind.RULE, spec.getWorkload().getReward().getKind());
        assertEquals(5, spec.getEvaluation().getEverySteps());
        assertEquals(2, spec.getEvaluation().getDevices());
        assertEquals(2, spec.getCluster().getTrain().getTp());
    }

    @Test
    void shouldDefaultStalenessToZeroInSyncMode() {
        ExperimentSpec spec = parseFake(with("async: {mode: async}", "async: {mode: sync}"));
        assertEquals(AsyncMode.SYNC, spec.getAsync().getMode());
        assertEquals(0, spec.getAsync().getMaxStaleness());
    }

    @Test
    void shouldDefaultStalenessToOneInOneStepOffMode() {
        ExperimentSpec spec = parseFake(with("async: {mode: async}", "async: {mode: one-step-off}"));
        assertEquals(AsyncMode.ONE_STEP_OFF, spec.getAsync().getMode());
        assertEquals(1, spec.getAsync().getMaxStaleness());
    }

    @Test
    void shouldAcceptAnExplicitZeroStalenessInSyncMode() {
        assertEquals(0, parseFake(with("async: {mode: async}", "async: {mode: sync, max_staleness: 0}")).getAsync().getMaxStaleness());
    }

    @Test
    void shouldAcceptIntegralFloatsAsIntegers() {
        assertEquals(3, parseFake(with("steps: 3}", "steps: 3.0}")).getAlgorithm().getSteps());
    }

    @Test
    void shouldReportEveryErrorNotJustTheFirst() {
        String yaml = VALID.replace("group_size: 4", "group_size: 0").replace("tp: 2}", "tp: x}")
                .replace("device: gpu", "device: tpu").replace("mode: async", "mode: sync, bogus: 1");
        List<SpecError> errors = errorsOf(yaml);
        List<String> fields = errors.stream().map(SpecError::field).toList();
        assertEquals(List.of("algorithm.group_size", "cluster.device", "cluster.train.tp", "async.bogus"), fields,
                "all errors, in the order of the schema");
    }

    @Test
    void shouldFormatTheMessageAsOneLinePerErrorWithSourceAndField() {
        SpecException e = assertThrows(SpecException.class,
                () -> SpecLoader.parse(VALID.replace("steps: 3", "steps: -4").replace("value: 100", "value: 0"), "my.yaml", "x",
                        new FakeHardware(1, 1)));
        assertEquals("my.yaml: algorithm.steps: must be a positive integer, got -4\n"
                + "my.yaml: workload.prompt_tokens.value: dist fixed needs value, a positive integer (tokens), got 0",
                e.getMessage());
        assertEquals("my.yaml", e.source());
    }

    @Test
    void shouldSuggestTheClosestFieldForAnUnknownOne() {
        SpecError e = errorsOf(with("reward: {kind: rule}", "reward: {kind: rule, worker: 8}")).get(0);
        assertEquals("workload.reward.worker", e.field());
        assertTrue(e.message().startsWith("unknown field 'worker' (did you mean 'workers'?); fields allowed in workload.reward: "),
                e.message());
    }

    @Test
    void shouldNotReportTheFieldsOfAMissingSectionOneByOne() {
        List<SpecError> errors = errorsOf(VALID.replace("async: {mode: async}\n", ""));
        assertEquals(List.of(new SpecError("async", "missing required section; e.g. async: {mode: async, max_staleness: 4, "
                + "partial_rollout: true}")), errors);
    }

    @Test
    void shouldNotReportConsequencesOfAFieldWithTheWrongType() {
        List<SpecError> errors = errorsOf(with("rollout: {devices: 4, tp: 1}", "rollout: {devices: 4, tp: one}"));
        assertEquals(List.of(new SpecError("cluster.rollout.tp", "must be a positive integer, got string \"one\"")), errors);
    }

    @Test
    void shouldGiveTheLineAndColumnOfASyntaxError() {
        List<SpecError> errors = errorsOf("name: x\nalgorithm: {kind: grpo\nworkload: 1\n");
        assertEquals(1, errors.size());
        assertEquals("yaml", errors.get(0).field());
        assertEquals("syntax error at line 3, column 9: expected ',' or '}', but got : "
                + "(while parsing a flow mapping that starts at line 2, column 12)", errors.get(0).message());
    }

    @Test
    void shouldNameTheFullPathOfADuplicateKey() {
        List<SpecError> errors = errorsOf(VALID.replace("  placement: disaggregated\n",
                "  placement: disaggregated\n  placement: colocated\n"));
        assertEquals("cluster.placement", errors.get(0).field());
        assertEquals("duplicate key at line 11, column 3: each field may appear once", errors.get(0).message());
    }

    @Test
    void shouldTakeTheIdFromTheArgument() {
        List<SpecError> errors = assertThrows(SpecException.class,
                () -> SpecLoader.parse(VALID, "t.yaml", " ", new FakeHardware(1, 1))).errors();
        assertEquals("id", errors.get(0).field());
    }

    @Test
    void shouldReadACustomInlineModel() {
        ExperimentSpec spec = parseFake(with("model: small", "model: {name: mine, layers: 12, hidden: 1024, heads: 8, kv_heads: 2, "
                + "head_dim: 128, ffn: 4096, vocab: 32000, params_b: 0.5}"));
        assertEquals("mine", spec.getModel().getName());
        assertEquals(12, spec.getModel().getLayers());
        assertEquals(0.5, spec.getModel().getParamsB());
        assertNull(spec.getModel().getActiveParamsB());
        assertEquals(0.5, SpecModels.arch(spec.getModel()).activeParamsB());
        assertEquals(2, SpecModels.arch(spec.getModel()).kvHeads());
    }

    @Test
    void shouldTreatAModelMappingWithOnlyANameAsACatalogReference() {
        ExperimentSpec spec = parseFake(with("model: small", "model: {name: small}"));
        assertFalse(SpecModels.isCustom(spec.getModel()));
    }

    @Test
    void shouldReportAMissingFileUnderFieldFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(missing, "x"));
        assertEquals("file", e.errors().get(0).field());
        assertEquals(missing + ": file: not found (no such file); give a YAML spec file such as examples/tiny-async.yaml",
                e.getMessage());
    }

    @Test
    void shouldKeepTheErrorsWhenTheExceptionIsSerialized() throws Exception {
        SpecException e = new SpecException("a.yaml", List.of(new SpecError("name", "must not be empty")));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            SpecException copy = (SpecException) in.readObject();
            assertEquals(e.errors(), copy.errors());
            assertEquals(e.getMessage(), copy.getMessage());
        }
    }

    @Test
    void shouldRefuseToBuildAnExceptionWithoutErrors() {
        assertThrows(IllegalArgumentException.class, () -> new SpecException("x", List.of()));
    }
}
