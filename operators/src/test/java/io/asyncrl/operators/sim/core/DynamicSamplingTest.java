package io.asyncrl.operators.sim.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.schemas.AlgorithmKind;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.PassRateDist;
import io.asyncrl.schemas.PassRateKind;
import org.junit.jupiter.api.Test;

class DynamicSamplingTest {
    private static ExperimentSpec dapo(AsyncMode mode, long seed, PassRateDist passRate) {
        ExperimentSpec s = TestingSpecs.tiny(mode, mode == AsyncMode.ASYNC ? 2 : 0, mode == AsyncMode.ASYNC, seed);
        s.getAlgorithm().setKind(AlgorithmKind.DAPO);
        s.getAlgorithm().setDynamicSampling(true);
        s.getWorkload().setPassRate(passRate);
        return s;
    }

    private static PassRateDist fixed(double p) {
        return PassRateDist.newBuilder().setDist(PassRateKind.FIXED).setValue(p).build();
    }

    @Test
    void shouldOverGenerateAsExpectedAtPassRateOneHalfOverManySeeds() throws Exception {
        // Groups of G = 4 at pass rate 0.5 are filtered with probability q = 2 x 0.5^4 = 1/8, so a kept group
        // costs 1 / (1 - q) = 8/7 = 1.142857 groups. Filtered groups before K kept ones are negative binomial:
        // variance K q / (1 - q)^2, so the pooled factor has standard deviation sqrt(K q) / ((1 - q) K).
        ObjectMapper json = new ObjectMapper();
        long kept = 0;
        long filtered = 0;
        for (long seed = 1; seed <= 30; seed++) {
            AsyncMode mode = seed % 2 == 0 ? AsyncMode.ASYNC : AsyncMode.ONE_STEP_OFF;
            ExperimentSpec spec = dapo(mode, seed, fixed(0.5));
            JsonNode summary = json.readTree(new LocalPipeline(new CatalogParamsResolver(), -1).run(spec));
            JsonNode ds = summary.get("dynamic_sampling");
            JsonNode t = summary.get("trajectories");
            kept += ds.get("groups_kept").asLong();
            filtered += ds.get("groups_filtered").asLong();
            assertEquals(5 * 8 * 4, t.get("trained").asInt() + t.get("dropped").asInt(), "5 steps of 8 kept groups");
            assertEquals(t.get("generated").asInt(), t.get("trained").asInt() + t.get("dropped").asInt()
                    + t.get("pending").asInt() + t.get("filtered").asInt(), "conservation with filtered groups");
            assertEquals(t.get("dispatched").asInt(), t.get("generated").asInt() + t.get("in_flight").asInt());
        }
        double q = 1.0 / 8;
        double factor = (double) (kept + filtered) / kept;
        double sd = Math.sqrt(kept * q) / ((1 - q) * kept);
        assertTrue(Math.abs(factor - 8.0 / 7.0) < 4 * sd,
                "over-generation " + factor + " vs 8/7 (sd " + sd + ", " + kept + " kept groups)");
        assertEquals(8.0 / 7.0, 1 / Difficulty.expectedInformative(fixed(0.5), 4), 1e-12);
    }

    @Test
    void shouldMatchTheClosedFormKeptShareForBetaAndUniformPassRates() {
        // Beta(2, 3), G = 8: E[p^8] = prod_{i<8} (2+i)/(5+i), E[(1-p)^8] = prod (3+i)/(5+i); uniform [0.2, 0.6]:
        // E[p^G] = (0.6^(G+1) - 0.2^(G+1)) / ((G+1) x 0.4). Checked against 200,000 drawn prompts (sd < 0.0011).
        for (PassRateDist d : new PassRateDist[] {
                PassRateDist.newBuilder().setDist(PassRateKind.BETA).setAlpha(2).setBeta(3).build(),
                PassRateDist.newBuilder().setDist(PassRateKind.UNIFORM).setMin(0.2).setMax(0.6).build()}) {
            ExperimentSpec spec = dapo(AsyncMode.ASYNC, 99, d);
            spec.getAlgorithm().setGroupSize(8);
            int n = 200_000;
            long informative = 0;
            for (long p = 0; p < n; p++) {
                informative += Difficulty.informative(spec, p) ? 1 : 0;
            }
            double expected = Difficulty.expectedInformative(d, 8);
            double sd = Math.sqrt(expected * (1 - expected) / n);
            assertTrue(Math.abs((double) informative / n - expected) < 4 * sd,
                    d + ": " + (double) informative / n + " vs " + expected);
        }
        double beta = 1;
        double betaC = 1;
        for (int i = 0; i < 8; i++) {
            beta *= (2.0 + i) / (5.0 + i);
            betaC *= (3.0 + i) / (5.0 + i);
        }
        assertEquals(1 - beta - betaC, Difficulty.expectedInformative(
                PassRateDist.newBuilder().setDist(PassRateKind.BETA).setAlpha(2).setBeta(3).build(), 8), 1e-12);
    }

    @Test
    void shouldNeverFillABatchWhenEveryPromptAlwaysPasses() {
        ExperimentSpec spec = dapo(AsyncMode.ASYNC, 1, fixed(1.0));
        assertEquals(0.0, Difficulty.expectedInformative(fixed(1.0), 4));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DynamicSampling(spec).promptsFor(1));
        assertTrue(e.getMessage().contains("almost every group's rewards equal"), e.getMessage());
    }

    @Test
    void shouldKeepTodaysCoinWithoutAPassRate() {
        ExperimentSpec spec = TestingSpecs.tiny(AsyncMode.ASYNC, 2, true, 5);
        for (long id = 0; id < 100; id++) {
            boolean coin = new java.util.Random(io.asyncrl.operators.sim.core.Workload.mix(5, ~id)).nextBoolean();
            assertEquals(coin ? 1.0 : 0.0, Difficulty.reward(spec, id / 4, id));
        }
    }
}
