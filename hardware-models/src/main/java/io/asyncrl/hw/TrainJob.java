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
 */
public record TrainJob(
        int devices, int tp, int pp, long tokens, long sequences, int minibatches, boolean critic, boolean referencePass) {}
