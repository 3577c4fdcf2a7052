package io.asyncrl.hw;

/**
 * Breakdown of one training step (one global batch, all minibatches), simulated seconds.
 *
 * @param computeSeconds forward+backward of the policy
 * @param extraPassesSeconds reference-model / critic passes (PPO) and log-prob recomputation
 * @param communicationSeconds TP/PP/DP communication not hidden behind compute
 * @param optimizerSeconds optimizer steps (one per minibatch)
 * @param logprobSeconds the part of {@code extraPassesSeconds} that needs no advantages: the forward passes
 *     for old (log-prob recomputation) and reference log-probs, which a streaming data plane runs per sample
 *     while generation goes on
 */
public record TrainStepTiming(
        double computeSeconds,
        double extraPassesSeconds,
        double communicationSeconds,
        double optimizerSeconds,
        double logprobSeconds) {

    public TrainStepTiming(double computeSeconds, double extraPassesSeconds, double communicationSeconds,
            double optimizerSeconds) {
        this(computeSeconds, extraPassesSeconds, communicationSeconds, optimizerSeconds, 0.0);
    }

    /** The step without its log-prob forwards: what is left once a streaming data plane has run them. */
    public double updateSeconds() {
        return totalSeconds() - logprobSeconds;
    }

    public double totalSeconds() {
        return computeSeconds + extraPassesSeconds + communicationSeconds + optimizerSeconds;
    }
}
