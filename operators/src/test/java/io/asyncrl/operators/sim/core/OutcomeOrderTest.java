package io.asyncrl.operators.sim.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A step's outcomes leave the trainer in trajectory-id order, equal ids in arrival order, on both sorting paths. */
class OutcomeOrderTest {
    private static TrajectoryOutcome outcome(long id, int step) {
        Trajectory t = new Trajectory(id, id, 0, 10, 20, 0, 0L, 0L, 0L, 0, 0, 0, 0, List.of(), 0, -1);
        return new TrajectoryOutcome(new ScoredTrajectory(t, 0.0, 0L), true, step, 0, 0.0, false);
    }

    private static List<String> order(List<TrajectoryOutcome> outcomes) {
        List<String> out = new ArrayList<>();
        for (TrajectoryOutcome o : outcomes) {
            out.add(o.getScored().getTrajectory().getTrajectoryId() + "@" + o.getStep());
        }
        return out;
    }

    private static List<TrajectoryOutcome> sorted(long... ids) {
        List<TrajectoryOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            outcomes.add(outcome(ids[i], i)); // the step field records the arrival position
        }
        return OutcomeOrder.sortedById(outcomes);
    }

    @Test
    void shouldSortByIdAndKeepEqualIdsInArrivalOrder() {
        assertEquals(List.of("2@3", "5@1", "7@0", "7@2", "9@4"), order(sorted(7, 5, 7, 2, 9)));
    }

    @Test
    void shouldSortIdsTooLargeToPackTheSameWay() {
        long big = 1L << 50;
        assertEquals(List.of("2@3", big + "@1", big + "@4", (big + 7) + "@0", (big + 7) + "@2"),
                order(sorted(big + 7, big, big + 7, 2, big)));
    }
}
