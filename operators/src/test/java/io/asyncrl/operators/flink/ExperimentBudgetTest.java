package io.asyncrl.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.operators.stage.Envelopes;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.schemas.AlgorithmSpec;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ClusterSpec;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.RewardSpec;
import io.asyncrl.schemas.RoleSpec;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StageFailure;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.VersionSpan;
import io.asyncrl.schemas.WorkloadSpec;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: specs the admission would refuse, sent past it, fail alone in the stage that would have
 * exhausted the heap or stalled on them: a StageFailure on the metrics, the experiment closed on the
 * output, no state but the failure mark. Without the budget, the rollout case is an OutOfMemoryError
 * of the test JVM (a billion-element instance array), the prompts case writes eight billion records.
 */
class ExperimentBudgetTest {
    private static final KeySelector<SimEvent, String> KEY = SimEvent::getExperimentId;
    private final ExperimentSpec tiny = TestingSpecs.tiny(AsyncMode.ASYNC, 1, false, 1);
    private final String id = tiny.getId();

    private ExperimentSpec withRolloutDevices(int devices) {
        return ExperimentSpec.newBuilder(tiny).setCluster(ClusterSpec.newBuilder(tiny.getCluster())
                .setRollout(RoleSpec.newBuilder(tiny.getCluster().getRollout()).setDevices(devices).build()).build())
                .build();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SimEvent, SimEvent> rollout() {
        try {
            return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new StageFunction<>(
                    PipelineGraph.stage("rollout"), new CatalogParamsResolver())), KEY, Types.STRING);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The prompt source, opened: it reads submitted specs, keyed by experiment id. */
    private static KeyedOneInputStreamOperatorTestHarness<String, ExperimentSpec, SimEvent> promptSource()
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new PromptFunction(new CatalogParamsResolver())), ExperimentSpec::getId, Types.STRING);
        h.open();
        return h;
    }

    /** A record on the rollout's prompts input (the producer tells the input). */
    private static SimEvent prompts(SimEvent e) {
        e.setProducer("prompts");
        return e;
    }

    /** A record on the rollout's policy-versions input. */
    private static SimEvent versions(SimEvent e) {
        e.setProducer("trainer");
        return e;
    }

    private static StageFailure onlyFailure(List<SimEvent> metrics) {
        List<StageFailure> failures = metrics.stream().map(SimEvent::getPayload)
                .filter(StageFailure.class::isInstance).map(StageFailure.class::cast).toList();
        assertEquals(1, failures.size(), "one StageFailure: " + metrics);
        return failures.get(0);
    }

    /** The experiment is closed downstream: its last two records are WATERMARK NEVER and END. */
    private static void assertClosed(List<SimEvent> out) {
        assertTrue(out.size() >= 2, out.toString());
        assertEquals(EventKind.WATERMARK, out.get(out.size() - 2).getKind());
        assertEquals(SimTime.NEVER, out.get(out.size() - 2).getTimeUs());
        assertEquals(EventKind.END, out.get(out.size() - 1).getKind());
    }

    @Test
    void shouldFailABillionDeviceRolloutAloneBeforeAllocatingIt() throws Exception {
        var h = rollout();
        h.open();
        try (h) {
            h.processElement(prompts(Envelopes.spec(withRolloutDevices(1_000_000_000))), 0);
            h.processElement(prompts(Envelopes.watermark(id, SimTime.NEVER)), 0);
            h.processElement(versions(Envelopes.spec(withRolloutDevices(1_000_000_000))), 0);

            StageFailure f = onlyFailure(h.getSideOutput(Outputs.METRICS).stream().map(r -> r.getValue()).toList());
            assertEquals("rollout", f.getStage());
            // 10^9 instances x 512 B = 476,837 MiB before the prompts and trajectories
            assertTrue(f.getMessage().contains("(1000000000 rollout instances, "), f.getMessage());
            assertTrue(f.getMessage().contains("(asyncrl.guard.max-state-mb); lower cluster.rollout.devices"),
                    f.getMessage());
            List<SimEvent> out = h.extractOutputValues();
            assertEquals(2, out.size(), "only the closing records: " + out);
            assertClosed(out);
            assertEquals(1, h.numKeyedStateEntries(), "only the failure mark is kept");
        }
    }

    @Test
    void shouldFailTwoHundredMillionPromptsAStepBeforeWritingOne() throws Exception {
        // (steps 5 + staleness 1 + 1) x 2e8 = 1.4e9 prompts x (28 + 4 x 4) B = 58,739 MiB held by the rollout
        ExperimentSpec prompts = ExperimentSpec.newBuilder(tiny).setAlgorithm(AlgorithmSpec.newBuilder(
                tiny.getAlgorithm()).setPromptsPerStep(200_000_000).build()).build();
        var h = promptSource();
        try (h) {
            h.processElement(prompts, 0);
            StageFailure f = onlyFailure(h.getSideOutput(Outputs.METRICS).stream().map(r -> r.getValue()).toList());
            assertEquals("prompts", f.getStage());
            assertTrue(f.getMessage().contains("over this TaskManager's share of"), f.getMessage());
            List<SimEvent> out = h.extractOutputValues();
            assertEquals(2, out.size(), "no prompt written: " + out.size() + " records");
            assertClosed(out);
            // redelivered: not failed (or expanded) twice
            h.processElement(prompts, 0);
            assertEquals(2, h.extractOutputValues().size());
        }
    }

    @Test
    void shouldNameTheFieldWhenTwoBillionPromptsAStepOverflowTheBatch() throws Exception {
        ExperimentSpec prompts = ExperimentSpec.newBuilder(tiny).setAlgorithm(AlgorithmSpec.newBuilder(
                tiny.getAlgorithm()).setPromptsPerStep(2_000_000_000).build()).build();
        var h = promptSource();
        try (h) {
            h.processElement(prompts, 0);
            StageFailure f = onlyFailure(h.getSideOutput(Outputs.METRICS).stream().map(r -> r.getValue()).toList());
            // 2,000,000,000 x 4 = 8,000,000,000 > 2,147,483,647
            assertEquals("Exceeded: algorithm.prompts_per_step 2000000000 x group_size 4 make 8000000000 trajectories "
                    + "per step, more than a stage can count (2147483647)", f.getMessage());
            assertClosed(h.extractOutputValues());
        }
    }

    @Test
    void shouldFailARewardWhoseTimeSaturatesInsteadOfStalling() throws Exception {
        ExperimentSpec slow = ExperimentSpec.newBuilder(tiny).setWorkload(WorkloadSpec.newBuilder(tiny.getWorkload())
                .setReward(RewardSpec.newBuilder(tiny.getWorkload().getReward()).setCpuMsPerSample(1e300).build())
                .build()).build();
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new StageFunction<>(PipelineGraph.stage("reward"), new CatalogParamsResolver())), KEY, Types.STRING);
        h.open();
        try (h) {
            h.processElement(Envelopes.spec(slow), 0);
            h.processElement(Envelopes.data(id, 1_000_000, new Trajectory(0L, 0L, 0, 100, 200, 0, 0L, 0L, 1_000_000L,
                    0, 0, 0, 0, List.of(new VersionSpan(0, 200)), 0, -1)), 0);
            h.processElement(Envelopes.watermark(id, SimTime.NEVER), 0);
            StageFailure f = onlyFailure(h.getSideOutput(Outputs.METRICS).stream().map(r -> r.getValue()).toList());
            assertEquals("reward", f.getStage());
            assertTrue(f.getMessage().contains("is stamped at a negative simulated time (a sum of durations overflowed), outside the limit of 100000 simulated hours (asyncrl.guard.max-simulated-hours)"),
                    f.getMessage());
            assertClosed(h.extractOutputValues());
            assertEquals(1, h.numKeyedStateEntries(), "only the failure mark is kept");
        }
    }

    @Test
    void shouldTakeItsLimitsFromTheJobParameters() throws Exception {
        // tiny: 3 instances x 512 B plus 56 prompts x 44 B plus 64 trajectories x 4 KiB = 260 KiB, below 1 MiB;
        // a limit of 1 event refuses its 5 steps x 32 trajectories x 3 instances = 480 visits
        var h = rollout();
        h.getExecutionConfig().setGlobalJobParameters(ParameterTool.fromMap(Map.of(
                ExperimentBudget.MAX_STATE_MB, "1", ExperimentBudget.MAX_EVENTS, "1")));
        h.open();
        try (h) {
            h.processElement(prompts(Envelopes.spec(tiny)), 0);
            StageFailure f = onlyFailure(h.getSideOutput(Outputs.METRICS).stream().map(r -> r.getValue()).toList());
            assertTrue(f.getMessage().contains("over the limit of 1 (asyncrl.guard.max-events)"), f.getMessage());
        }
    }

    @Test
    void shouldLetAnExperimentWithinItsBudgetRun() throws Exception {
        var h = rollout();
        h.open();
        try (h) {
            h.processElement(prompts(Envelopes.spec(tiny)), 0);
            assertEquals(0, h.getSideOutput(Outputs.METRICS) == null ? 0 : h.getSideOutput(Outputs.METRICS).size());
            assertEquals(EventKind.SPEC, h.extractOutputValues().get(0).getKind());
        }
    }

    @Test
    void shouldRefuseALimitThatIsNotAPositiveInteger() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentBudget.from(Map.of(ExperimentBudget.MAX_EVENTS, "-3")::get));
        assertEquals("asyncrl.guard.max-events must be a positive integer, got '-3'", e.getMessage());
    }
}
