package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.PassRateDist;
import java.util.Random;

/**
 * How hard each prompt is: its pass rate, drawn from {@code workload.pass_rate} on the prompt's own random
 * stream, and each sample's reward, 1 with that probability on the trajectory's own stream. Without a
 * pass-rate distribution every reward is a fair coin, drawn exactly as before pass rates existed. Rewards
 * are a pure function of (spec seed, ids), so the rollout can know which groups dynamic sampling will
 * filter without waiting for the reward stage.
 */
public final class Difficulty {
    private static final long STREAM = 0x7061737372617465L;

    private Difficulty() {}

    public static double passRate(ExperimentSpec spec, long promptId) {
        PassRateDist d = spec.getWorkload().getPassRate();
        if (d == null) {
            return 0.5;
        }
        Random random = new Random(Workload.mix(spec.getSeed() ^ STREAM, promptId));
        return switch (d.getDist()) {
            case FIXED -> d.getValue();
            case UNIFORM -> d.getMin() + (d.getMax() - d.getMin()) * random.nextDouble();
            case BETA -> beta(random, d.getAlpha(), d.getBeta());
        };
    }

    /** The reward of trajectory {@code trajectoryId}, a sample of prompt {@code promptId}: 1 or 0. */
    public static double reward(ExperimentSpec spec, long promptId, long trajectoryId) {
        Random random = new Random(Workload.mix(spec.getSeed(), ~trajectoryId));
        if (spec.getWorkload().getPassRate() == null) {
            return random.nextBoolean() ? 1.0 : 0.0;
        }
        return random.nextDouble() < passRate(spec, promptId) ? 1.0 : 0.0;
    }

    /** Whether the group of {@code promptId} has rewards that differ (dynamic sampling keeps it). */
    public static boolean informative(ExperimentSpec spec, long promptId) {
        int g = spec.getAlgorithm().getGroupSize();
        double first = reward(spec, promptId, promptId * g);
        for (int i = 1; i < g; i++) {
            if (reward(spec, promptId, promptId * g + i) != first) {
                return true;
            }
        }
        return false;
    }

    /**
     * The expected share of groups of {@code g} samples whose rewards differ: 1 - E[p^g] - E[(1-p)^g] over
     * the pass-rate distribution (closed forms: the beta's moments, the uniform's integral).
     */
    public static double expectedInformative(PassRateDist d, int g) {
        return 1.0 - momentOfPassRate(d, g, false) - momentOfPassRate(d, g, true);
    }

    /** E[p^g] or, with {@code complement}, E[(1-p)^g]. */
    static double momentOfPassRate(PassRateDist d, int g, boolean complement) {
        switch (d.getDist()) {
            case FIXED -> {
                double p = complement ? 1 - d.getValue() : d.getValue();
                return Math.pow(p, g);
            }
            case UNIFORM -> {
                double a = complement ? 1 - d.getMax() : d.getMin();
                double b = complement ? 1 - d.getMin() : d.getMax();
                if (b - a < 1e-12) {
                    return Math.pow(a, g);
                }
                return (Math.pow(b, g + 1) - Math.pow(a, g + 1)) / ((g + 1) * (b - a));
            }
            case BETA -> {
                double x = complement ? d.getBeta() : d.getAlpha();
                double sum = d.getAlpha() + d.getBeta();
                double m = 1;
                for (int i = 0; i < g; i++) {
                    m *= (x + i) / (sum + i);
                }
                return m;
            }
            default -> throw new IllegalStateException("unknown pass-rate dist " + d.getDist());
        }
    }

    /** Beta(a, b) as X / (X + Y) of two gamma draws. */
    static double beta(Random random, double a, double b) {
        double x = gamma(random, a);
        double y = gamma(random, b);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang; shapes below 1 boosted by U^(1/shape). */
    static double gamma(Random random, double shape) {
        if (shape < 1) {
            double u = random.nextDouble();
            return gamma(random, shape + 1) * StrictMath.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / StrictMath.sqrt(9.0 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || StrictMath.log(u) < 0.5 * x * x + d * (1 - v + StrictMath.log(v))) {
                return d * v;
            }
        }
    }
}
