package io.asyncrl.hw;

/**
 * Timing of one inference (rollout) instance: a model replica on {@code tp} devices serving a
 * continuous batch. All durations are simulated seconds. Implementations are immutable and
 * deterministic; callers never see the formulas.
 */
public interface InstanceTiming {

    /** KV-cache capacity of the instance in tokens (device memory minus weights and a reserve). */
    long kvCapacityTokens();

    /** Seconds to prefill {@code newTokens} tokens whose attention also reads {@code contextTokens} cached ones. */
    double prefillSeconds(long newTokens, long contextTokens);

    /**
     * Seconds of one prefill pass over several sequences at once (nothing cached): {@code newTokens}
     * tokens in all, whose causal attention covers {@code attentionPairs} (query, key) pairs in all,
     * the sum over the sequences of n(n+1)/2. Attention is per sequence: a batch of 200 prompts of 200
     * tokens costs 200 small triangles, not one 40,000-token triangle.
     */
    double prefillPassSeconds(long newTokens, double attentionPairs);

    /** The causal attention pairs of prefilling one sequence of {@code tokens} tokens from scratch. */
    static double causalPairs(long tokens) {
        return tokens * (tokens + 1.0) / 2.0;
    }

    /** Seconds of one decode iteration for {@code batch} running sequences holding {@code kvTokens} cached tokens in total. */
    double decodeStepSeconds(int batch, long kvTokens);

    /**
     * Seconds of {@code steps} consecutive decode iterations of a constant batch whose KV cache starts
     * at {@code kvTokensStart} and grows by {@code batch} tokens per iteration. Must equal the sum of
     * {@link #decodeStepSeconds} over those iterations (closed form, O(1)), so that simulating a
     * 20,000-token answer costs a handful of events.
     */
    double decodeSpanSeconds(int batch, long kvTokensStart, long steps);
}
