package io.asyncrl.operators.sim.core;

import static org.junit.jupiter.api.Assertions.*;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.Prompt;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A prompt's response lengths: each sample drawn alone by default, the stream as it always was; with
 * {@code prompt_share} the log-lengths of one prompt's samples correlate by it, and each keeps the spec's lognormal.
 */
class WorkloadTest {
    private static final int PROMPTS = 4000;

    private static ExperimentSpec spec(double share) {
        ExperimentSpec s = TestingSpecs.tiny(AsyncMode.ASYNC, 2, false, 7);
        s.getAlgorithm().setGroupSize(8);
        // a cap far out: the lognormal is (almost) untruncated, so its log is normal
        LengthDist d = s.getWorkload().getResponseTokens();
        d.setMedian(1000);
        d.setSigma(0.8);
        d.setMax(1_000_000);
        d.setPromptShare(share);
        return s;
    }

    @Test
    void shouldDrawEachSampleAloneFromTheStreamItAlwaysUsedWithoutAShare() {
        ExperimentSpec s = spec(0);
        for (long id = 0; id < 50; id++) {
            // the stream of the prompt: its prompt length first, then one draw for each sample
            Random random = new Random(Workload.mix(s.getSeed(), id));
            int promptTokens = Workload.sample(s.getWorkload().getPromptTokens(), random);
            Prompt p = Workload.prompt(s, id);
            assertEquals(promptTokens, p.getPromptTokens());
            for (int i = 0; i < 8; i++) {
                assertEquals(Workload.sample(s.getWorkload().getResponseTokens(), random), p.getResponseTokens().get(i),
                        "prompt " + id + " sample " + i);
            }
        }
    }

    @Test
    void shouldCorrelateTheLogLengthsOfAPromptsSamplesByTheShareAndKeepTheLognormal() {
        for (double share : new double[] {0, 0.3, 0.7}) {
            double[] stats = logStats(spec(share));
            // mean log-length ln(1000) = 6.908, its standard deviation the sigma 0.8, whatever the share
            assertEquals(Math.log(1000), stats[0], 0.02, "mean of the log-length at share " + share);
            assertEquals(0.8, stats[1], 0.02, "sd of the log-length at share " + share);
            // the correlation of two samples of one prompt is the share (over 4,000 prompts: +-0.03)
            assertEquals(share, stats[2], 0.03, "correlation within a prompt at share " + share);
        }
    }

    @Test
    void shouldGiveAPromptTheSameLengthsWhateverElseWasDrawn() {
        ExperimentSpec s = spec(0.5);
        Prompt late = Workload.prompt(s, 123);
        for (long id = 0; id < 123; id++) {
            Workload.prompt(s, id);
        }
        assertEquals(late, Workload.prompt(s, 123));
    }

    /** Mean and standard deviation of the log-lengths over all samples, and the correlation of samples 0 and 1. */
    private static double[] logStats(ExperimentSpec s) {
        double sum = 0;
        double sumSq = 0;
        double[] a = new double[PROMPTS];
        double[] b = new double[PROMPTS];
        int n = 0;
        for (int id = 0; id < PROMPTS; id++) {
            List<Integer> lengths = Workload.prompt(s, id).getResponseTokens();
            for (int len : lengths) {
                double x = Math.log(len);
                sum += x;
                sumSq += x * x;
                n++;
            }
            a[id] = Math.log(lengths.get(0));
            b[id] = Math.log(lengths.get(1));
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSq / n - mean * mean);
        return new double[] {mean, sd, correlation(a, b)};
    }

    private static double correlation(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }
}
