package io.asyncrl.hw;

/**
 * One training step's work and parallelism.
 *
 * @param devices training devices (data parallel degree = devices / (tp * pp))
 * @param tp tensor parallel degree
 * @param pp pipeline parallel degree
 * @param tokens tokens (prompt + response) in the global batch
 * @param sequences sequences in the global batch
 * @param minibatches optimizer steps per training step
 * @param critic true for PPO with a critic (extra forward+backward of a value model)
 * @param referencePass true when a reference model's log-probs are computed (KL term)
 * @param squaredTokens the sum over the batch's sequences of (length in tokens)^2, which sets the causal
 *     attention work (half of it is the number of query-key pairs); 0 when unknown: every sequence is then
 *     taken to have the mean length, tokens / sequences
 */
public record TrainJob(
        int devices, int tp, int pp, long tokens, long sequences, int minibatches, boolean critic, boolean referencePass,
        double squaredTokens) {

    /** A batch of sequences of equal length (or whose spread is unknown). */
    public TrainJob(int devices, int tp, int pp, long tokens, long sequences, int minibatches, boolean critic,
            boolean referencePass) {
        this(devices, tp, pp, tokens, sequences, minibatches, critic, referencePass, 0.0);
    }

    /**
     * The length whose per-token attention cost is the batch's: the token-weighted mean length
     * sum(L^2) / sum(L), which exceeds the plain mean by a factor 1 + cv^2 for spread lengths.
     */
    public double attentionLength() {
        if (squaredTokens > 0 && tokens > 0) {
            return squaredTokens / tokens;
        }
        return (double) tokens / StrictMath.max(1L, sequences);
    }
}
