package io.asyncrl.operators.sim.summary;

import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which answers a policy trains, by response-length decile: the share of trajectories trained, dropped, aborted,
 * still pending and requeued (set aside and resumed or restarted at least once), their mean delay (from first
 * dispatch to the outcome) and their staleness when trained. A policy that drops or requeues stragglers shows it
 * here as a rising share in the long deciles.
 *
 * <p>Only integer sums per response length are kept, so the table does not depend on the order outcomes arrive.
 * Deciles split the trajectories by count in length order; equal lengths stay in one decile.
 */
public final class LengthBiasAudit {
    private static final int COUNT = 0;
    private static final int TRAINED = 1;
    private static final int DROPPED = 2;
    private static final int ABORTED = 3;
    private static final int PENDING = 4;
    private static final int REQUEUED = 5;
    private static final int DELAY_US = 6;
    private static final int DELAYED = 7;
    private static final int STALENESS = 8;
    private static final int TOKEN_STALENESS = 9;
    private static final int TOKENS = 10;
    private static final int WIDTH = 11;

    /**
     * Response length -> the sums above (null: no answer of that length), grown as longer answers arrive. An array
     * indexed by length, not a sorted map: this is touched once per outcome of every simulated run (a {@code TreeMap}
     * and its boxed keys were about 17% of {@code plan}'s CPU, docs/performance.md).
     */
    private long[][] byLength = new long[0][];
    /** Distinct lengths seen. */
    private int lengths;

    public LengthBiasAudit() {}

    /** One outcome, decided at simulated time {@code decidedUs} (ignored for a pending one). */
    public void add(TrajectoryOutcome o, long decidedUs) {
        Trajectory t = o.getScored().getTrajectory();
        long[] row = row(t.getResponseTokens());
        row[COUNT]++;
        boolean pending = !o.getTrained() && !o.getAborted() && o.getStep() < 0;
        if (o.getAborted()) {
            row[ABORTED]++;
        } else if (o.getTrained()) {
            row[TRAINED]++;
            row[STALENESS] += o.getStaleness();
            for (VersionSpan s : t.getSpans()) {
                row[TOKEN_STALENESS] += (long) s.getTokens() * (o.getStep() - s.getVersion());
                row[TOKENS] += s.getTokens();
            }
        } else if (pending) {
            row[PENDING]++;
        } else {
            row[DROPPED]++;
        }
        if (t.getRequeues() > 0) {
            row[REQUEUED]++;
        }
        if (!pending) {
            row[DELAY_US] += decidedUs - t.getDispatchUs();
            row[DELAYED]++;
        }
    }

    private long[] row(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("response_tokens " + length + " is negative");
        }
        if (length >= byLength.length) {
            // the smallest power of two above the longest length, so the capacity is the same after a restore
            byLength = Arrays.copyOf(byLength, length == 0 ? 1 : (int) Math.min(1 << 30, Long.highestOneBit(length) << 1));
        }
        long[] row = byLength[length];
        if (row == null) {
            row = new long[WIDTH];
            byLength[length] = row;
            lengths++;
        }
        return row;
    }

    /** Number of distinct response lengths seen (rows of {@link #forEachLength}). */
    int lengthCount() {
        return lengths;
    }

    /** Visits each length seen and its sums, shortest first (for the state serializer). */
    void forEachLength(LengthRow visitor) throws java.io.IOException {
        for (int len = 0; len < byLength.length; len++) {
            if (byLength[len] != null) {
                visitor.accept(len, byLength[len]);
            }
        }
    }

    /** Puts back the sums of one length (state restore); the length must not be present yet. */
    void restore(int length, long[] sums) {
        if (sums == null || sums.length != WIDTH) {
            throw new IllegalArgumentException(
                    "length-bias row of " + (sums == null ? "no" : sums.length) + " sums, expected " + WIDTH);
        }
        System.arraycopy(sums, 0, row(length), 0, WIDTH);
    }

    /** One length's row of sums. */
    interface LengthRow {
        void accept(int length, long[] sums) throws java.io.IOException;
    }

    /** The table: one row per non-empty decile, shortest answers first. */
    public List<Map<String, Object>> table() {
        long total = 0;
        for (long[] r : byLength) {
            if (r != null) {
                total += r[COUNT];
            }
        }
        long[][] deciles = new long[10][WIDTH];
        int[] min = new int[10];
        int[] max = new int[10];
        long before = 0;
        for (int len = 0; len < byLength.length; len++) {
            long[] r = byLength[len];
            if (r == null) {
                continue;
            }
            int d = (int) Math.min(9, 10 * before / total);
            if (deciles[d][COUNT] == 0) {
                min[d] = len;
            }
            max[d] = len;
            for (int i = 0; i < WIDTH; i++) {
                deciles[d][i] += r[i];
            }
            before += r[COUNT];
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            long[] r = deciles[d];
            if (r[COUNT] == 0) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("decile", d + 1);
            m.put("min_response_tokens", min[d]);
            m.put("max_response_tokens", max[d]);
            m.put("trajectories", r[COUNT]);
            m.put("trained_share", share(r[TRAINED], r[COUNT]));
            m.put("dropped_share", share(r[DROPPED], r[COUNT]));
            m.put("aborted_share", share(r[ABORTED], r[COUNT]));
            m.put("pending_share", share(r[PENDING], r[COUNT]));
            m.put("requeued_share", share(r[REQUEUED], r[COUNT]));
            m.put("mean_delay_seconds", r[DELAYED] == 0 ? 0.0 : SimTime.seconds(r[DELAY_US]) / r[DELAYED]);
            m.put("mean_staleness", share(r[STALENESS], r[TRAINED]));
            m.put("token_weighted_staleness", share(r[TOKEN_STALENESS], r[TOKENS]));
            rows.add(m);
        }
        return rows;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }
}
