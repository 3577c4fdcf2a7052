package io.asyncrl.hw;

/**
 * The data-parallel load imbalance of a minibatch cut by sequence count.
 *
 * <p>Every optimizer step ends with a gradient all-reduce, so it lasts as long as the data-parallel rank whose
 * share of the minibatch holds the most tokens. When a framework balances only each rank's whole share of the
 * batch (verl's {@code balance_batch}) and then cuts that share into minibatches by count, a rank's minibatch of
 * {@code n} sequences is a random {@code n} of its {@code N = n * minibatches}: its token count has mean
 * {@code n * mean} and variance {@code n * sd^2 * (N - n) / (N - 1)} (sampling without replacement from a fixed
 * total). The slowest of {@code dp} ranks then exceeds the mean by the expected maximum of {@code dp} standard
 * normals times that deviation (normal approximation of the sum). With one minibatch the balanced shares are the
 * minibatches, so there is no imbalance.
 */
public final class MinibatchImbalance {
    private MinibatchImbalance() {}

    private static final double GRID_LIMIT = 10.0;
    private static final int GRID_POINTS = 20_001;

    /**
     * Factor (>= 1) on the policy update's time: the slowest rank's expected tokens per minibatch over the mean.
     * 1 when the job's length spread is unknown ({@code squaredTokens} 0), with one minibatch or one rank.
     */
    public static double factor(TrainJob job, int dp) {
        int minibatches = StrictMath.max(1, job.minibatches());
        if (dp <= 1 || minibatches <= 1 || job.sequences() <= 0 || job.tokens() <= 0 || job.squaredTokens() <= 0) {
            return 1.0;
        }
        double mean = (double) job.tokens() / job.sequences();
        double variance = job.squaredTokens() / job.sequences() - mean * mean;
        if (variance <= 0) {
            return 1.0;
        }
        double cv = StrictMath.sqrt(variance) / mean;
        double n = StrictMath.max(1.0, (double) job.sequences() / ((double) dp * minibatches));
        double share = n * minibatches;
        double finitePopulation = (share - n) / StrictMath.max(1.0, share - 1.0);
        return 1.0 + cv * StrictMath.sqrt(finitePopulation / n) * expectedMaxOfStandardNormals(dp);
    }

    /**
     * E[max of k independent standard normals] = integral of x * k * phi(x) * Phi(x)^(k-1) dx, by the trapezoid rule
     * on [-10, 10] with Phi accumulated on the same grid (deterministic; 0 for k = 1, 1/sqrt(pi) for k = 2).
     */
    public static double expectedMaxOfStandardNormals(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (k == 1) {
            return 0.0;
        }
        double h = 2.0 * GRID_LIMIT / (GRID_POINTS - 1);
        double norm = 1.0 / StrictMath.sqrt(2.0 * StrictMath.PI);
        double cdf = 0.0;
        double previousPdf = 0.0;
        double previousTerm = 0.0;
        double sum = 0.0;
        for (int i = 0; i < GRID_POINTS; i++) {
            double x = -GRID_LIMIT + i * h;
            double pdf = norm * StrictMath.exp(-0.5 * x * x);
            if (i > 0) {
                cdf += 0.5 * (pdf + previousPdf) * h;
            }
            double term = x * k * pdf * StrictMath.pow(StrictMath.min(1.0, cdf), k - 1);
            if (i > 0) {
                sum += 0.5 * (term + previousTerm) * h;
            }
            previousPdf = pdf;
            previousTerm = term;
        }
        return sum;
    }
}
