package io.asyncrl.operators.sim.trainer;

import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.VersionSpan;

/** A trained trajectory's token-weighted staleness: the mean over its generated tokens of (k - version that generated it). */
final class TokenStaleness {
    private TokenStaleness() {}

    /**
     * The mean over generated tokens of (k - span version), or k - start version without tokens. A trajectory's spans
     * run from its start version to its end version and versions only grow, so when the two are equal every token has
     * that version and the mean is k - start version exactly, without reading the spans (most trajectories: only an
     * interruption by a newer version opens a second one; the span list is cold by the time a step trains it).
     */
    static double weighted(Trajectory t, int k) {
        if (t.getStartVersion() == t.getEndVersion()) {
            return k - t.getStartVersion();
        }
        return fromSpans(t, k);
    }

    /** The same mean read from every span. */
    static double fromSpans(Trajectory t, int k) {
        long tokens = 0;
        long weighted = 0;
        for (VersionSpan span : t.getSpans()) {
            tokens += span.getTokens();
            weighted += (long) span.getTokens() * (k - span.getVersion());
        }
        return tokens == 0 ? k - t.getStartVersion() : (double) weighted / tokens;
    }
}
