package io.asyncrl.jobs.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** plan's tie rule: throughputs within 1% tie; the lower staleness bound wins, then the fewer devices. */
class PlanRankingTest {

    private static Candidate simulated(int rollout, int train, int eta, double tokensPerSecond) {
        Candidate c = new Candidate(rollout, train, 1, 1, eta, null, 0, 0, 0);
        c.simulated = tokensPerSecond;
        return c;
    }

    @Test
    void shouldPreferTheLowerStalenessOnA002PercentLead() {
        // the case: eta 2 ahead of eta 1 by 0.02% (1000.2 vs 1000.0); 1000.0 >= 1000.2 x 0.99 = 990.198
        Candidate eta2 = simulated(48, 16, 2, 1000.2);
        Candidate eta1 = simulated(48, 16, 1, 1000.0);
        assertEquals(List.of(eta1, eta2), PlanRanking.rank(List.of(eta2, eta1)));
    }

    @Test
    void shouldKeepAClearLeadAheadOfLowerStaleness() {
        // 980 < 1000 x 0.99 = 990: eta 0 is no tie with eta 2, which stays ahead; eta 1 (995 >= 990) ties and wins.
        // Then of {eta 2 1000, eta 0 980}: window 990, eta 2 alone; then eta 0.
        Candidate eta2 = simulated(48, 16, 2, 1000);
        Candidate eta1 = simulated(48, 16, 1, 995);
        Candidate eta0 = simulated(48, 16, 0, 980);
        assertEquals(List.of(eta1, eta2, eta0), PlanRanking.rank(List.of(eta0, eta2, eta1)));
    }

    @Test
    void shouldPreferFewerDevicesAtTheSameStaleness() {
        // same eta, 56 devices at 996 vs 64 at 1000: 996 >= 990, a tie, fewer devices win
        Candidate big = simulated(48, 16, 1, 1000);
        Candidate small = simulated(40, 16, 1, 996);
        assertEquals(List.of(small, big), PlanRanking.rank(List.of(big, small)));
    }

    @Test
    void shouldPreferTheHigherThroughputWhenStalenessAndDevicesTie() {
        Candidate a = simulated(48, 16, 1, 1000);
        Candidate b = simulated(40, 24, 1, 995);
        assertEquals(List.of(a, b), PlanRanking.rank(List.of(b, a)));
    }
}
