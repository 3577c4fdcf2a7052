package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The data set of one experiment: prompts and the response length each sample will have. Each
 * prompt draws from its own random stream seeded from (spec seed, prompt id), so a prompt's lengths
 * never depend on how many prompts came before it or on which subtask generates it. A lognormal's
 * {@code prompt_share} makes the samples of one prompt share that part of their log-length variance
 * (a hard prompt's answers are all long); 0 draws each alone, the stream exactly as before the field.
 */
public final class Workload {
    private Workload() {}

    public static Prompt prompt(ExperimentSpec spec, long promptId) {
        Random random = new Random(mix(spec.getSeed(), promptId));
        int promptTokens = sample(spec.getWorkload().getPromptTokens(), random);
        int group = spec.getAlgorithm().getGroupSize();
        List<Integer> responses = new ArrayList<>(group);
        LengthDist d = spec.getWorkload().getResponseTokens();
        double share = d.getDist() == DistKind.LOGNORMAL ? d.getPromptShare() : 0;
        if (share > 0) {
            // one normal draw for the prompt, one for each sample: their log-lengths correlate by `share`, and each
            // sample's length keeps the lognormal of the spec
            double common = StrictMath.sqrt(share) * random.nextGaussian();
            double own = StrictMath.sqrt(1 - share);
            for (int i = 0; i < group; i++) {
                responses.add(lognormal(d, common + own * random.nextGaussian()));
            }
        } else {
            for (int i = 0; i < group; i++) {
                responses.add(sample(d, random));
            }
        }
        return new Prompt(promptId, promptTokens, responses);
    }

    /** Length drawn from the distribution; StrictMath keeps it bit-identical on every machine. */
    public static int sample(LengthDist d, Random random) {
        return switch (d.getDist()) {
            case FIXED -> d.getValue();
            case UNIFORM -> d.getMin() + random.nextInt(d.getMax() - d.getMin() + 1);
            case LOGNORMAL -> lognormal(d, random.nextGaussian());
        };
    }

    /** The lognormal's length at standard normal {@code z}: median x exp(sigma z), rounded, within [min, max]. */
    private static int lognormal(LengthDist d, double z) {
        long rounded = Math.round(d.getMedian() * StrictMath.exp(d.getSigma() * z));
        return (int) Math.max(Math.max(1, d.getMin()), Math.min(d.getMax(), rounded));
    }

    /** Mean of the distribution (median for the lognormal), for costs that need a typical length. */
    public static double typical(LengthDist d) {
        return switch (d.getDist()) {
            case FIXED -> d.getValue();
            case UNIFORM -> (d.getMin() + d.getMax()) / 2.0;
            case LOGNORMAL -> Math.min(d.getMax(), d.getMedian());
        };
    }

    /** SplitMix64 finaliser of (seed, entity id): independent, well-spread streams per entity. */
    public static long mix(long seed, long entity) {
        long z = seed * 0x9E3779B97F4A7C15L + entity;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
