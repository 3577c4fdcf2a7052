package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.AsyncSpec;
import java.util.OptionalInt;

/**
 * The one place where the mode decides the staleness bound: sync trains only on the current policy's
 * samples (bound 0), one-step-off on the previous one's (bound 1), async up to {@code max_staleness}
 * versions behind. The spec reader fills the default from it, the validator refuses a bound the mode
 * contradicts, and the simulation reads the bound it runs with.
 */
public final class StalenessRule {
    private StalenessRule() {}

    /** The bound the mode fixes, or empty when the spec's {@code async.max_staleness} decides (async). */
    public static OptionalInt fixedBy(AsyncMode mode) {
        return switch (mode) {
            case SYNC -> OptionalInt.of(0);
            case ONE_STEP_OFF -> OptionalInt.of(1);
            case ASYNC -> OptionalInt.empty();
        };
    }

    /** The bound an experiment runs with. */
    public static int bound(AsyncSpec async) {
        return fixedBy(async.getMode()).orElse(async.getMaxStaleness());
    }

    /**
     * Why {@code given} contradicts the mode, for the validator's message ("must be 0 (or omitted) ..."),
     * or empty when it does not.
     */
    public static java.util.Optional<String> contradiction(AsyncMode mode, int given) {
        OptionalInt fixed = fixedBy(mode);
        if (fixed.isEmpty() || fixed.getAsInt() == given) {
            return java.util.Optional.empty();
        }
        String why = mode == AsyncMode.SYNC
                ? "mode sync trains only on samples of the current policy: must be 0 (or omitted), got " + given
                        + "; use mode async to allow stale samples"
                : "mode one-step-off means a staleness of exactly 1: must be 1 (or omitted), got " + given
                        + "; use mode async for other bounds";
        return java.util.Optional.of(why);
    }
}
