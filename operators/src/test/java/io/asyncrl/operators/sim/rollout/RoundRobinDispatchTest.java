package io.asyncrl.operators.sim.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.FrameworkSpec;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AReaL's round-robin dispatch: a prompt's group goes to instance (group index mod instances), all its answers. */
class RoundRobinDispatchTest {

    @Test
    void shouldNumberEachInstancesAnswersGroupByGroup() {
        // 3 instances, groups of 4: instance 1 takes groups 1, 4, 7, ... = trajectories 4-7, 16-19, 28-31
        assertThat(RoundRobinDispatch.trajectory(0, 1, 3, 4)).isEqualTo(4);
        assertThat(RoundRobinDispatch.trajectory(3, 1, 3, 4)).isEqualTo(7);
        assertThat(RoundRobinDispatch.trajectory(4, 1, 3, 4)).isEqualTo(16);
        assertThat(RoundRobinDispatch.trajectory(9, 1, 3, 4)).isEqualTo(29);
        assertThat(RoundRobinDispatch.trajectory(0, 0, 3, 4)).isEqualTo(0);
        assertThat(RoundRobinDispatch.trajectory(5, 2, 3, 4)).isEqualTo(21);
    }

    @Test
    void shouldRunEveryAnswerOfGroupGOnInstanceGModInstances() {
        for (long seed = 1; seed <= 3; seed++) {
            for (boolean partial : new boolean[] {false, true}) {
                ExperimentSpec spec = TestingSpecs.tiny(AsyncMode.ASYNC, 2, partial, seed);
                spec.setFramework(new FrameworkSpec("areal", Map.of()));
                int instances = spec.getCluster().getRollout().getDevices() / spec.getCluster().getRollout().getTp();
                int groupSize = spec.getAlgorithm().getGroupSize();
                LocalPipeline p = new LocalPipeline(new CatalogParamsResolver(), -1);
                p.run(spec);
                int seen = 0;
                for (SimEvent e : p.metrics()) {
                    if (e.getPayload() instanceof TrajectoryOutcome o) {
                        Trajectory t = o.getScored().getTrajectory();
                        assertThat(t.getInstance()).as("seed " + seed + " partial " + partial + " trajectory "
                                + t.getTrajectoryId()).isEqualTo((int) (t.getTrajectoryId() / groupSize % instances));
                        seen++;
                    }
                }
                assertThat(seen).isGreaterThan(instances * groupSize);
            }
        }
    }
}
