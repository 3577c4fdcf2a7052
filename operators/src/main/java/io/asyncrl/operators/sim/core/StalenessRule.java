package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.AsyncSpec;

/**
 * The one place where a spec's mode (the reader's default bound, the validator's refusal, the stages' rules), staleness bound and update granularity become the two rules the stages
 * apply: how far ahead of the trainer the rollout may generate, and how stale a trained sample may be.
 *
 * <p>With B trajectories per batch, T optimizer steps per weight sync ({@code async.updates_per_sync}, verl's
 * {@code trigger_parameter_sync_step}) and the rollout holding version i (a multiple of T), trajectory n
 * (0-based) is admitted only while n &lt; (i + 1) x B + A, where the allowance A is
 * <ul>
 *   <li>{@code sync}: (T - 1) x B (the batches of one sync period, nothing older);</li>
 *   <li>{@code one-step-off}: (2T - 1) x B (one sync period ahead);</li>
 *   <li>{@code async} with an integer eta ({@code max_staleness}, AReaL's rule floor((N_r - 1) / B) &lt;= i + eta
 *       when T = 1): (T (1 + eta) - 1) x B;</li>
 *   <li>{@code async} with a fractional threshold s ({@code staleness_threshold}, verl's fully-async rule: per
 *       parameter version the rollouter produces at most int(B x (1 + s) x T) samples): floor(B (1 + s) T) - B.</li>
 * </ul>
 * A trained sample's staleness (k - the version that started it) is then at most ceil(A / B): the trainer drops a
 * sample beyond it, so none is ever trained. Every integer case reduces exactly to the earlier rule
 * (A = eta x B, bound eta).
 */
public final class StalenessRule {
    private final int batchTrajectories;
    private final int updatesPerSync;
    private final long allowance;
    private final int maxTrainedStaleness;

    StalenessRule(int batchTrajectories, int updatesPerSync, long allowance) {
        if (batchTrajectories < 1 || updatesPerSync < 1 || allowance < 0) {
            throw new IllegalArgumentException("batch, updates per sync and allowance must be positive");
        }
        this.batchTrajectories = batchTrajectories;
        this.updatesPerSync = updatesPerSync;
        this.allowance = allowance;
        this.maxTrainedStaleness = (int) ((allowance + batchTrajectories - 1) / batchTrajectories);
    }

    /** The rule of {@code async} for batches of {@code batchTrajectories} trajectories. */
    public static StalenessRule of(AsyncSpec async, int batchTrajectories) {
        int t = Math.max(1, async.getUpdatesPerSync());
        long b = batchTrajectories;
        long allowance = switch (async.getMode()) {
            case SYNC -> (t - 1) * b;
            case ONE_STEP_OFF -> (2L * t - 1) * b;
            case ASYNC -> async.getStalenessThreshold() != null
                    ? (long) StrictMath.floor(b * (1.0 + async.getStalenessThreshold()) * t) - b
                    : ((long) t * (1 + async.getMaxStaleness()) - 1) * b;
        };
        return new StalenessRule(batchTrajectories, t, allowance);
    }

    /** Whether trajectory {@code n} may start while the rollout holds version {@code knownVersion}. */
    public boolean admissible(long n, int knownVersion) {
        return knownVersion >= 0 && n < ((long) knownVersion + 1) * batchTrajectories + allowance;
    }

    /** The largest staleness (in versions) a trained sample may have. */
    public int maxTrainedStaleness() {
        return maxTrainedStaleness;
    }

    /** Trajectories admissible beyond the current batch. */
    public long allowance() {
        return allowance;
    }

    public int updatesPerSync() {
        return updatesPerSync;
    }

    /** Whether the weights after {@code stepsDone} training steps go to the rollout (every T steps, and the last). */
    public boolean syncsAfter(int stepsDone, boolean last) {
        return last || stepsDone % updatesPerSync == 0;
    }

    /** The bound the mode fixes, or empty when the spec's {@code async.max_staleness} decides (async). */
    public static java.util.OptionalInt fixedBy(io.asyncrl.schemas.AsyncMode mode) {
        return switch (mode) {
            case SYNC -> java.util.OptionalInt.of(0);
            case ONE_STEP_OFF -> java.util.OptionalInt.of(1);
            case ASYNC -> java.util.OptionalInt.empty();
        };
    }

    /**
     * Why {@code given} as {@code async.max_staleness} contradicts the mode, for the validator's message, or
     * empty when it does not.
     */
    public static java.util.Optional<String> contradiction(io.asyncrl.schemas.AsyncMode mode, int given) {
        java.util.OptionalInt fixed = fixedBy(mode);
        if (fixed.isEmpty() || fixed.getAsInt() == given) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(mode == io.asyncrl.schemas.AsyncMode.SYNC
                ? "mode sync trains only on samples of the current policy: must be 0 (or omitted), got " + given
                        + "; use mode async to allow stale samples"
                : "mode one-step-off means a staleness of exactly 1: must be 1 (or omitted), got " + given
                        + "; use mode async for other bounds");
    }
}
