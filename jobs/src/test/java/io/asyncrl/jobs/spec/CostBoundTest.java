package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.schemas.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CostBoundTest {
    private static final ExperimentSpec TINY = SpecLoader.load(Path.of("../examples/tiny-async.yaml"), "exp-1");

    @Test
    void shouldEstimateTinyAsyncByHand() {
        CostEstimate e = CostEstimate.of(TINY);
        // 4 rollout devices / tp 1 = 4 instances, plus evaluation (every_steps 2, devices 0 = one instance) = 5
        assertEquals(5, e.rolloutInstances());
        // 8 prompts x group_size 4 = 32; async with max_staleness 2 runs 3 steps' worth ahead: 96 in flight
        assertEquals(32, e.trajectoriesPerStep());
        assertEquals(96, e.trajectoriesInFlight());
        // 32 x 4 steps = 128 trajectories, each visiting 5 instances + 8 reward workers: 1664
        assertEquals(1664, e.events());
        // 5 x 512 + 96 x 4096 + 8 x 8 = 2560 + 393216 + 64 = 395840 bytes
        assertEquals(395_840, e.stateBytes());
        // ceil(32 / 8 workers) = 4 samples a worker a step x 20 ms x 4 steps = 320 ms = 320 / 3.6e6 hours
        assertEquals(320 / 3_600_000.0, e.simulatedRewardHours(), 1e-12);
        assertEquals(List.of(), CostBound.check(TINY, CostLimits.DEFAULTS));
    }

    @Test
    void shouldRefuseAtTheLimitPlusOneAndNameTheOperatorsLimit() {
        CostLimits four = CostLimits.from(Map.of(CostLimits.MAX_ROLLOUT_INSTANCES, "4")::get);
        List<SpecError> errors = CostBound.check(TINY, four);
        assertEquals(List.of(new SpecError("cluster.rollout.devices", "4 devices at tp 1 make 5 rollout instances, over "
                + "the limit of 4 (asyncrl.admission.max-rollout-instances); use fewer devices")), errors);
        assertEquals(List.of(), CostBound.check(TINY, CostLimits.from(Map.of(CostLimits.MAX_ROLLOUT_INSTANCES, "5")::get)));
    }

    @Test
    void shouldRefuseTooManyInstanceVisitsOnSteps() {
        CostLimits limits = CostLimits.from(Map.of(CostLimits.MAX_EVENTS, "1663")::get);
        SpecError e = CostBound.check(TINY, limits).get(0);
        assertEquals("algorithm.steps", e.field());
        assertTrue(e.message().contains("1664 instance visits, over the limit of 1663 (asyncrl.admission.max-events)"),
                e.message());
    }

    @Test
    void shouldTakeTheCliLimitsFromSystemProperties() {
        System.setProperty(CostLimits.MAX_STATE_MB, "7");
        try {
            assertEquals(7, CostLimits.fromSystemProperties().maxStateMb());
        } finally {
            System.clearProperty(CostLimits.MAX_STATE_MB);
        }
        assertThrows(IllegalArgumentException.class, () -> CostLimits.from(Map.of(CostLimits.MAX_EVENTS, "-1")::get));
    }

    @Test
    void shouldAdmitEveryExampleAndPaperSetting() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("../examples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                ExperimentSpec s = SpecLoader.load(p, "x");
                assertEquals(List.of(), CostBound.check(s, CostLimits.DEFAULTS), p.toString());
            }
        }
    }
}
