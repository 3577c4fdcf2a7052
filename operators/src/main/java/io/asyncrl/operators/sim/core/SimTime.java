package io.asyncrl.operators.sim.core;

/** Simulated time is a long count of microseconds; durations come from the hardware model in seconds. */
public final class SimTime {
    public static final long NEVER = Long.MAX_VALUE;
    public static final long UNKNOWN = Long.MIN_VALUE;

    private SimTime() {}

    /** Rounds a duration to whole microseconds; positive durations never round to zero so lookahead stays positive. */
    public static long micros(double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        return Math.max(1L, Math.round(seconds * 1e6));
    }

    public static double seconds(long micros) {
        return micros / 1e6;
    }

    /** Saturating addition so that NEVER plus a duration stays NEVER. */
    public static long plus(long t, long d) {
        long r = t + d;
        if (((t ^ r) & (d ^ r)) < 0) {
            return d > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
