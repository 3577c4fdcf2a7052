package io.asyncrl.jobs.spec;

import static io.asyncrl.jobs.spec.SpecLoaderTest.VALID;
import static io.asyncrl.jobs.spec.SpecLoaderTest.parseFake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.Placement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Semantic rules, checked on records (as code that builds an ExperimentSpec itself would). */
class SpecValidatorTest {

    private static List<SpecError> validate(ExperimentSpec spec) {
        return SpecValidator.validate(spec, Set.of(), new FakeHardware(1, 1));
    }

    private static ExperimentSpec valid() {
        return parseFake(VALID);
    }

    @Test
    void shouldAcceptAValidSpec() {
        assertEquals(List.of(), validate(valid()));
    }

    @Test
    void shouldRejectDevicesNotDivisibleByTp() {
        ExperimentSpec spec = valid();
        spec.getCluster().getRollout().setDevices(6);
        spec.getCluster().getRollout().setTp(4);
        assertEquals(List.of(new SpecError("cluster.rollout.devices",
                "must be a multiple of tp (4): each rollout instance uses tp devices, got 6")), validate(spec));
    }

    @Test
    void shouldRejectTrainingDevicesNotDivisibleByTpTimesPp() {
        ExperimentSpec spec = valid();
        spec.getCluster().getTrain().setPp(4);
        assertEquals(List.of(new SpecError("cluster.train.devices", "must be a multiple of tp x pp (2 x 4 = 8): data parallelism "
                + "replicates tp x pp devices, got 4")), validate(spec));
    }

    @Test
    void shouldRejectProgrammaticSyncSpecThatKeepsTheAvroDefaultStaleness() {
        ExperimentSpec spec = valid();
        spec.getAsync().setMode(AsyncMode.SYNC);
        spec.getAsync().setMaxStaleness(4);
        assertEquals("async.max_staleness", validate(spec).get(0).field());
    }

    @Test
    void shouldRequireSyncModeForColocatedPlacement() {
        ExperimentSpec spec = valid();
        spec.getCluster().setPlacement(Placement.COLOCATED);
        spec.getCluster().getTrain().setTp(1);
        List<SpecError> errors = validate(spec);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("cluster.placement", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("mode async overlaps them and needs placement disaggregated"));
    }

    @Test
    void shouldReportARolloutThatDoesNotFitUnderRolloutTpAndSuggestATpThatFits() {
        List<SpecError> errors = SpecValidator.validate(valid(), Set.of(), new FakeHardware(2, 1));
        assertEquals(List.of(new SpecError("cluster.rollout.tp", "a rollout instance does not fit in memory: small needs 100 GiB "
                + "per device at tp=1; on these 4 devices tp 2 fits")), errors);
    }

    @Test
    void shouldAskTheMemoryModelForOneFullLengthSequence() {
        FakeHardware hw = new FakeHardware(1, 1);
        SpecValidator.validate(valid(), Set.of(), hw);
        assertEquals(100 + 1000, hw.lastMinKvTokens);
    }

    @Test
    void shouldCheckRolloutMemoryUnderThePlacementsEngineMemoryFractionOrTheSpecs() {
        FakeHardware hw = new FakeHardware(1, 1);
        ExperimentSpec spec = valid();
        spec.getCluster().setPlacement(io.asyncrl.schemas.Placement.DISAGGREGATED);
        SpecValidator.validate(spec, Set.of(), hw);
        assertEquals(0.9, hw.lastMemoryFraction, "disaggregated: the engine's default share");
        spec.getCluster().setRolloutMemoryFraction(0.6);
        SpecValidator.validate(spec, Set.of(), hw);
        assertEquals(0.6, hw.lastMemoryFraction, "the spec's rollout_memory_fraction wins");
    }

    @Test
    void shouldSuggestATrainingTpThatFitsOnTheSameDevices() {
        List<SpecError> errors = SpecValidator.validate(valid(), Set.of(), new FakeHardware(1, 4));
        assertEquals(List.of(new SpecError("cluster.train.tp", "training does not fit in memory: training state needs 200 GiB per "
                + "device; on these 4 devices tp 4 with pp 1 fits")), errors);
    }

    @Test
    void shouldReportTrainingThatDoesNotFitUnderTrainTp() {
        List<SpecError> errors = SpecValidator.validate(valid(), Set.of(), new FakeHardware(1, 8));
        assertEquals(List.of(new SpecError("cluster.train.tp", "training does not fit in memory: training state needs 200 GiB per "
                + "device")), errors);
    }

    @Test
    void shouldCheckTheRewardModelFitsItsDevices() {
        ExperimentSpec spec = parseFake(VALID.replace("reward: {kind: rule}", "reward: {kind: model, model: big, devices: 8, tp: 4}"));
        List<SpecError> errors = SpecValidator.validate(spec, Set.of(), new FakeHardware(8, 1));
        assertTrue(errors.contains(new SpecError("workload.reward.tp", "the reward model does not fit in memory: big needs 100 GiB "
                + "per device at tp=4; on these 8 devices tp 8 fits")), errors.toString());
    }

    @Test
    void shouldRejectAnActiveParameterCountAboveTheTotal() {
        ExperimentSpec spec = parseFake(VALID.replace("model: small", "model: {name: moe, layers: 12, hidden: 1024, heads: 8, "
                + "kv_heads: 2, head_dim: 128, ffn: 4096, vocab: 32000, params_b: 3, active_params_b: 1}"));
        spec.getModel().setActiveParamsB(5.0);
        assertEquals(List.of(new SpecError("model.active_params_b", "must not exceed params_b (3): active parameters are a subset "
                + "of all parameters, got 5")), validate(spec));
    }

    @Test
    void shouldRequireEvaluationDevicesToBeWholeRolloutInstances() {
        ExperimentSpec spec = valid();
        spec.getCluster().getRollout().setTp(2);
        spec.getEvaluation().setDevices(3);
        assertEquals(List.of(new SpecError("evaluation.devices", "must be a multiple of cluster.rollout.tp (2): evaluation runs "
                + "rollout instances, got 3")), validate(spec));
    }

    @Test
    void shouldAllowPpoWithOneResponsePerPrompt() {
        ExperimentSpec spec = parseFake(VALID.replace("kind: grpo, group_size: 4", "kind: ppo, group_size: 1"));
        assertEquals(1, spec.getAlgorithm().getGroupSize());
    }

    @Test
    void shouldRequireTwoResponsesPerPromptForDapo() {
        ExperimentSpec spec = valid();
        spec.getAlgorithm().setKind(io.asyncrl.schemas.AlgorithmKind.DAPO);
        spec.getAlgorithm().setGroupSize(1);
        assertTrue(validate(spec).get(0).message().startsWith("must be at least 2 for dapo"));
    }

    @Test
    void shouldSkipChecksOfFieldsAlreadyReportedAsInvalid() {
        ExperimentSpec spec = valid();
        spec.getCluster().getRollout().setTp(-1);
        assertEquals(List.of(), SpecValidator.validate(spec, Set.of("cluster.rollout.tp"), new FakeHardware(1, 1)));
        assertEquals(List.of(), SpecValidator.validate(spec, Set.of("cluster"), new FakeHardware(1, 1)));
    }

    @Test
    void shouldSuggestTheClosestCatalogModel() {
        ExperimentSpec spec = valid();
        spec.getModel().setName("smal");
        assertEquals(List.of(new SpecError("model", "unknown model 'smal' (did you mean 'small'?); known: small, big; "
                + "or give a custom architecture mapping")), validate(spec));
    }
}
