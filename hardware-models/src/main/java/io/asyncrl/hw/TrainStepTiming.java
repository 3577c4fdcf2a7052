package io.asyncrl.hw;

/**
 * Breakdown of one training step (one global batch, all minibatches), simulated seconds.
 *
 * @param computeSeconds forward+backward of the policy
 * @param extraPassesSeconds reference-model / critic passes (PPO) and log-prob recomputation
 * @param communicationSeconds TP/PP/DP communication not hidden behind compute
 * @param optimizerSeconds optimizer steps (one per minibatch)
 */
public record TrainStepTiming(
        double computeSeconds,
        double extraPassesSeconds,
        double communicationSeconds,
        double optimizerSeconds) {

    public double totalSeconds() {
        return computeSeconds + extraPassesSeconds + communicationSeconds + optimizerSeconds;
    }
}
