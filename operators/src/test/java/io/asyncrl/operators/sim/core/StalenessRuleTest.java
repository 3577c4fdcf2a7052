package io.asyncrl.operators.sim.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.AsyncSpec;
import org.junit.jupiter.api.Test;

/** The admission and trained-staleness bounds, computed by hand for B = 10 trajectories per batch. */
class StalenessRuleTest {
    private static final int B = 10;

    private static StalenessRule rule(AsyncMode mode, int eta, Double threshold, int updatesPerSync) {
        return StalenessRule.of(AsyncSpec.newBuilder().setMode(mode).setMaxStaleness(eta)
                .setStalenessThreshold(threshold).setUpdatesPerSync(updatesPerSync).build(), B);
    }

    @Test
    void shouldBeAReaLsRuleForAnIntegerEta() {
        for (int eta = 0; eta <= 8; eta++) {
            StalenessRule r = rule(AsyncMode.ASYNC, eta, null, 1);
            assertEquals(eta, r.maxTrainedStaleness());
            for (int i = 0; i <= 5; i++) {
                for (long n = 0; n < 200; n++) {
                    // AReaL: admitted while floor(n / B) <= i + eta
                    assertEquals(n / B <= i + eta, r.admissible(n, i), "eta " + eta + " i " + i + " n " + n);
                }
            }
        }
    }

    @Test
    void shouldAdmitAFractionOfABatchAheadWithAFractionalThreshold() {
        // s = 0.5, T = 1: allowance = floor(10 * 1.5 * 1) - 10 = 5; holding version 0, n < 10 + 5 = 15
        StalenessRule r = rule(AsyncMode.ASYNC, 4, 0.5, 1);
        assertEquals(5, r.allowance());
        assertTrue(r.admissible(14, 0));
        assertFalse(r.admissible(15, 0));
        // holding version 3: n < 40 + 5 = 45
        assertTrue(r.admissible(44, 3));
        assertFalse(r.admissible(45, 3));
        // a sample started at version v is trained at the latest in step ceil(v + 0.5): staleness <= 1
        assertEquals(1, r.maxTrainedStaleness());
        // s = 0: strictly on-policy batches, like sync
        assertEquals(0, rule(AsyncMode.ASYNC, 4, 0.0, 1).maxTrainedStaleness());
    }

    @Test
    void shouldFollowVerlsMaxRequiredSamplesWithSeveralUpdatesPerSync() {
        // verl: max_required_samples = int(required_samples * (s + 1) * T) = int(10 * 1.1 * 4) = 44 per version
        StalenessRule r = rule(AsyncMode.ASYNC, 4, 0.1, 4);
        assertEquals(44 - B, r.allowance());
        assertTrue(r.admissible(43, 0));
        assertFalse(r.admissible(44, 0));
        // holding version 4 (4 steps, 40 trajectories trained): n < 40 + 44 = 84
        assertTrue(r.admissible(83, 4));
        assertFalse(r.admissible(84, 4));
        // allowance 34 = 3.4 batches: a sample started at version v may train in step v + 4 at the latest
        assertEquals(4, r.maxTrainedStaleness());
        assertFalse(r.syncsAfter(3, false));
        assertTrue(r.syncsAfter(4, false));
        assertTrue(r.syncsAfter(3, true), "the last step always publishes");
    }

    @Test
    void shouldGiveSyncAndOneStepOffTheirFixedStalenessWhateverTheSpecSays() {
        StalenessRule sync = rule(AsyncMode.SYNC, 4, null, 1);
        assertEquals(0, sync.maxTrainedStaleness());
        assertTrue(sync.admissible(9, 0));
        assertFalse(sync.admissible(10, 0));
        StalenessRule off = rule(AsyncMode.ONE_STEP_OFF, 4, null, 1);
        assertEquals(1, off.maxTrainedStaleness());
        assertFalse(off.admissible(20, 0));
        // sync with two updates per sync: the two batches of the sync period, trained 0 and 1 versions stale
        StalenessRule sync2 = rule(AsyncMode.SYNC, 0, null, 2);
        assertEquals(1, sync2.maxTrainedStaleness());
        assertTrue(sync2.admissible(19, 0));
        assertFalse(sync2.admissible(20, 0));
    }
}
