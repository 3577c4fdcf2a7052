package io.asyncrl.jobs.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutcomeColumnsTest {

    @Test
    void everyOutcomeReadsBackEqualAndInStableIdOrder() {
        Random rnd = new Random(7);
        List<TrajectoryOutcome> added = new ArrayList<>();
        OutcomeColumns columns = new OutcomeColumns();
        for (int i = 0; i < 40_000; i++) { // more than two chunks of rows
            // ids repeat (a replayed outcome the dedup let through would) and arrive out of order
            TrajectoryOutcome o = outcome(rnd, rnd.nextInt(30_000));
            added.add(o);
            columns.add(o);
        }
        assertEquals(added.size(), columns.size());
        for (int i = 0; i < added.size(); i++) {
            assertEquals(added.get(i), columns.get(i), "row " + i);
        }
        assertEquals(stableById(added), columns.sortedById());
    }

    @Test
    void idsTooLargeToPackTakeTheComparatorWithTheSameOrder() {
        Random rnd = new Random(11);
        List<TrajectoryOutcome> added = new ArrayList<>();
        OutcomeColumns columns = new OutcomeColumns();
        for (int i = 0; i < 500; i++) {
            long id = rnd.nextBoolean() ? (1L << 50) + rnd.nextInt(40) : rnd.nextInt(40);
            TrajectoryOutcome o = outcome(rnd, id);
            added.add(o);
            columns.add(o);
        }
        assertEquals(stableById(added), columns.sortedById());
    }

    @Test
    void theColumnsKeepEveryFieldOfTheSchemas() {
        // OutcomeColumns copies these fields one by one: a new field must get a column (and a line here).
        assertEquals(16, Trajectory.getClassSchema().getFields().size(), "Trajectory");
        assertEquals(3, ScoredTrajectory.getClassSchema().getFields().size(), "ScoredTrajectory");
        assertEquals(6, TrajectoryOutcome.getClassSchema().getFields().size(), "TrajectoryOutcome");
        assertEquals(2, VersionSpan.getClassSchema().getFields().size(), "VersionSpan");
    }

    private static List<TrajectoryOutcome> stableById(List<TrajectoryOutcome> outcomes) {
        List<TrajectoryOutcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingLong(o -> o.getScored().getTrajectory().getTrajectoryId()));
        return sorted;
    }

    private static TrajectoryOutcome outcome(Random rnd, long id) {
        List<VersionSpan> spans = new ArrayList<>();
        for (int s = rnd.nextInt(4); s > 0; s--) {
            spans.add(new VersionSpan(rnd.nextInt(100), rnd.nextInt(30_000)));
        }
        Trajectory t = new Trajectory(id, rnd.nextLong(), rnd.nextInt(16), rnd.nextInt(1024), rnd.nextInt(27_648),
                rnd.nextInt(200), rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextInt(50), rnd.nextInt(50),
                rnd.nextInt(5), rnd.nextInt(5), spans, rnd.nextInt(3), rnd.nextInt(4));
        ScoredTrajectory s = new ScoredTrajectory(t, rnd.nextDouble(), rnd.nextLong());
        return new TrajectoryOutcome(s, rnd.nextBoolean(), rnd.nextInt(300), rnd.nextInt(9), rnd.nextDouble() * 8,
                rnd.nextBoolean());
    }
}
