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
