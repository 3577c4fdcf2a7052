package io.asyncrl.jobs.compare;

/**
 * How many steps a rerun needs for its second half to be steady. An asynchronous run admits up to eta batches ahead
 * at its start, all at once, and over a short run its second half still drains that head start, so its trained
 * tokens/s is too high, the more so the larger eta: the 7B example's eta-2 split gave 224,747 over 6 steps, 210,180
 * over 12, 204,765 over 24 and 204,654 over 48 (docs/report.md, plan, Settled figures). {@code plan} settles its leaders
 * over this many steps, and its what-if table and {@code report}'s rerun as many.
 */
public final class SettledSteps {
    /** The fewest steps a settled run trains. */
    public static final int MIN = 24;

    private SettledSteps() {}

    /** max({@code atLeast}, {@link #MIN}, 4 x (eta + 1)): 24 up to eta 5, 36 at eta 8. */
    public static int of(int atLeast, int eta) {
        return Math.max(atLeast, Math.max(MIN, 4 * (eta + 1)));
    }
}
