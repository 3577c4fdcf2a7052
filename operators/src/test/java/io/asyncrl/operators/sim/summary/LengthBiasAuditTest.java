package io.asyncrl.operators.sim.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LengthBiasAuditTest {

    private static TrajectoryOutcome outcome(long id, int response, boolean trained, int step, boolean aborted,
            int requeues, List<VersionSpan> spans) {
        Trajectory t = new Trajectory(id, id, 0, 10, response, 0, 1_000_000L, 0L, 0L, 0, 0, 0, 0, spans, requeues, -1);
        return new TrajectoryOutcome(new ScoredTrajectory(t, 0.0, 0L), trained, step, trained ? step : -1,
                trained ? 0.0 : -1.0, aborted);
    }

    @Test
    void shouldSplitTwentyDistinctLengthsIntoTenDecilesOfTwo() {
        LengthBiasAudit a = new LengthBiasAudit();
        for (int len = 1; len <= 20; len++) {
            a.add(outcome(len, len, true, 0, false, 0, List.of(new VersionSpan(0, len))), 1_000_000L);
        }
        List<Map<String, Object>> t = a.table();
        assertEquals(10, t.size());
        // decile d holds lengths 2d-1 and 2d: floor(10 x before / 20) = floor(before / 2)
        assertEquals(9, t.get(4).get("min_response_tokens"));
        assertEquals(10, t.get(4).get("max_response_tokens"));
        assertEquals(2L, t.get(4).get("trajectories"));
    }

    @Test
    void shouldKeepEqualLengthsInOneDecileAndCountEachFate() {
        LengthBiasAudit a = new LengthBiasAudit();
        // five answers of 5 tokens: trained (stale by 2 of its 5 tokens' versions), dropped, aborted, pending, requeued+trained
        a.add(outcome(1, 5, true, 3, false, 0, List.of(new VersionSpan(1, 3), new VersionSpan(3, 2))), 3_000_000L);
        a.add(outcome(2, 5, false, 3, false, 0, List.of()), 5_000_000L);
        a.add(outcome(3, 5, false, 2, true, 0, List.of()), 2_000_000L);
        a.add(outcome(4, 5, false, -1, false, 0, List.of()), 0L);
        a.add(outcome(5, 5, true, 3, false, 1, List.of(new VersionSpan(3, 5))), 4_000_000L);
        for (int len = 6; len <= 10; len++) {
            a.add(outcome(len, len, true, 0, false, 0, List.of(new VersionSpan(0, len))), 1_000_000L);
        }
        List<Map<String, Object>> t = a.table();
        // ten trajectories: the five of length 5 all start decile 1; length 6 starts at floor(10 x 5 / 10) = decile 6
        assertEquals(6, t.size());
        Map<String, Object> first = t.get(0);
        assertEquals(5L, first.get("trajectories"));
        assertEquals(0.4, first.get("trained_share"));
        assertEquals(0.2, first.get("dropped_share"));
        assertEquals(0.2, first.get("aborted_share"));
        assertEquals(0.2, first.get("pending_share"));
        assertEquals(0.2, first.get("requeued_share"));
        // delays of the four decided ones, dispatched at 1 s: 2 + 4 + 1 + 3 = 10 s over 4
        assertEquals(2.5, (double) first.get("mean_delay_seconds"), 1e-12);
        // trained staleness: (3 - 0) and (3 - 0) over 2 (the start version is 0)
        assertEquals(3.0, (double) first.get("mean_staleness"), 1e-12);
        // token staleness: 3 tokens x (3 - 1) + 2 x 0 + 5 x 0 = 6 over 10 tokens
        assertEquals(0.6, (double) first.get("token_weighted_staleness"), 1e-12);
        assertEquals(6, t.get(1).get("decile"));
    }
}
