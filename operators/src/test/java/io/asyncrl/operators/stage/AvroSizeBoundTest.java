package io.asyncrl.operators.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.operators.sim.core.ExperimentSpecHolder;
import io.asyncrl.schemas.Prompt;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.StageReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroSizeBoundTest {

    private static long bound(SpecificRecord r) {
        return AvroSizeBound.of(r.getSchema(), r);
    }

    private static Trajectory trajectory(Random r, int spans) {
        List<VersionSpan> s = new ArrayList<>();
        for (int i = 0; i < spans; i++) {
            s.add(new VersionSpan(r.nextInt(), r.nextInt()));
        }
        return new Trajectory(r.nextLong(), r.nextLong(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(),
                r.nextLong(), r.nextLong(), r.nextLong(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(), s,
                r.nextInt(), r.nextInt());
    }

    @Test
    void shouldBoundATrajectoryByItsFieldsWidestEncodings() {
        // 5 longs x 10 bytes + 10 ints x 5 bytes + spans: block count (10) + 2 x (two ints, 5 + 5) + the 0 ending
        // the array (1) = 50 + 50 + 10 + 20 + 1 = 131.
        assertEquals(131, bound(trajectory(new Random(1), 2)));
        // An empty array is the 0 alone: 50 + 50 + 1 = 101.
        assertEquals(101, bound(trajectory(new Random(1), 0)));
    }

    @Test
    void shouldBoundAnOutcomeByTheRecordsItHoldsAndItsOwnFields() {
        // The trajectory's 131 (two spans, above) + the scored record's reward (double, 8) and scored_us (long, 10)
        // + the outcome's trained and aborted (booleans, 1 + 1), step and staleness (ints, 5 + 5) and its
        // token-weighted staleness (double, 8) = 131 + 18 + 20 = 169; with no spans 101 + 38 = 139.
        Trajectory two = trajectory(new Random(1), 2);
        Trajectory none = trajectory(new Random(1), 0);
        assertEquals(169, AvroSizeBound.of(new TrajectoryOutcome(new ScoredTrajectory(two, 0.5, 7L), true, 3, 1, 0.5,
                false)));
        assertEquals(139, AvroSizeBound.of(new TrajectoryOutcome(new ScoredTrajectory(none, 0.5, 7L), true, 3, 1, 0.5,
                false)));
        assertEquals(149, AvroSizeBound.of(new ScoredTrajectory(two, 0.5, 7L)));
    }

    @Test
    void shouldNeverBeBelowTheEncodedSize() {
        Random r = new Random(7);
        for (int n = 0; n < 500; n++) {
            Trajectory t = trajectory(r, r.nextInt(6));
            ScoredTrajectory s = new ScoredTrajectory(t, r.nextDouble(), r.nextLong());
            List<Integer> responses = new ArrayList<>();
            for (int i = r.nextInt(40); i > 0; i--) {
                responses.add(r.nextInt());
            }
            Map<String, Long> counters = new TreeMap<>();
            for (int i = r.nextInt(5); i > 0; i--) {
                counters.put("counter-é-" + r.nextInt(1000), r.nextLong());
            }
            StringBuilder json = new StringBuilder();
            for (int i = r.nextInt(50); i > 0; i--) {
                json.appendCodePoint(r.nextBoolean() ? 'a' + r.nextInt(26) : 0x4e00 + r.nextInt(100));
            }
            for (SpecificRecord rec : List.<SpecificRecord>of(t, s,
                    new TrajectoryOutcome(s, r.nextBoolean(), r.nextInt(), r.nextInt(), r.nextDouble(), r.nextBoolean()),
                    new Prompt(r.nextLong(), r.nextInt(), responses),
                    new StageReport("stage-" + json, r.nextLong(), r.nextDouble(), r.nextInt(), counters),
                    new RunSummary(json.toString()))) {
                int encoded = ExperimentSpecHolder.encode(rec).length;
                assertTrue(bound(rec) >= encoded, rec.getClass().getSimpleName() + ": bound " + bound(rec)
                        + " < encoded " + encoded + " for " + rec);
            }
        }
    }
}
