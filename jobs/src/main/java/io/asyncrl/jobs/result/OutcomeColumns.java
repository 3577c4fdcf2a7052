package io.asyncrl.jobs.result;

import io.asyncrl.operators.sim.core.OutcomeOrder;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The trajectory outcomes a {@link ResultCollector} reads, kept as rows of primitive arrays instead of an object
 * graph each (outcome, scored trajectory, trajectory, span list and its spans): about 125 bytes per outcome (in
 * chunks of 16,384 rows) instead of about 250 in objects, held until the run ends (docs/performance.md).
 * An outcome is built again, equal to the one added, when it is read. Every field of the three records is kept;
 * {@code OutcomeColumnsTest} fails when a schema gains one that is not.
 */
final class OutcomeColumns {
    /** Per row: trajectoryId, promptId, dispatchUs, startUs, endUs, scoredUs. */
    static final int LONGS = 6;
    /**
     * Per row: sampleIndex, promptTokens, responseTokens, instance, startVersion, endVersion, interruptions,
     * preemptions, requeues, round, step, staleness.
     */
    static final int INTS = 12;
    /** Per row: reward, tokenWeightedStaleness. */
    static final int DOUBLES = 2;

    /** Rows are kept in chunks of this many, so that growing never copies or leaves unused capacity beyond one. */
    private static final int SHIFT = 14;
    private static final int MASK = (1 << SHIFT) - 1;

    private int size;
    private long[][] longs = new long[0][];
    private int[][] ints = new int[0][];
    private double[][] doubles = new double[0][];
    /** Per row: bit 0 trained, bit 1 aborted. */
    private byte[][] flags = new byte[0][];
    /** Row i's spans are {@code spans[2 * spanStart(i) ..< 2 * spanStart(i + 1)]}, version then tokens. */
    private int[][] spanEnd = new int[0][];
    private int[] spans = new int[32];

    int size() {
        return size;
    }

    void add(TrajectoryOutcome o) {
        int c = size >>> SHIFT;
        if (c == longs.length) {
            longs = Arrays.copyOf(longs, c + 1);
            longs[c] = new long[LONGS << SHIFT];
            ints = Arrays.copyOf(ints, c + 1);
            ints[c] = new int[INTS << SHIFT];
            doubles = Arrays.copyOf(doubles, c + 1);
            doubles[c] = new double[DOUBLES << SHIFT];
            flags = Arrays.copyOf(flags, c + 1);
            flags[c] = new byte[1 << SHIFT];
            spanEnd = Arrays.copyOf(spanEnd, c + 1);
            spanEnd[c] = new int[1 << SHIFT];
        }
        int r = size & MASK;
        ScoredTrajectory s = o.getScored();
        Trajectory t = s.getTrajectory();
        long[] l = longs[c];
        int li = LONGS * r;
        l[li] = t.getTrajectoryId();
        l[li + 1] = t.getPromptId();
        l[li + 2] = t.getDispatchUs();
        l[li + 3] = t.getStartUs();
        l[li + 4] = t.getEndUs();
        l[li + 5] = s.getScoredUs();
        int[] n = ints[c];
        int k = INTS * r;
        n[k] = t.getSampleIndex();
        n[k + 1] = t.getPromptTokens();
        n[k + 2] = t.getResponseTokens();
        n[k + 3] = t.getInstance();
        n[k + 4] = t.getStartVersion();
        n[k + 5] = t.getEndVersion();
        n[k + 6] = t.getInterruptions();
        n[k + 7] = t.getPreemptions();
        n[k + 8] = t.getRequeues();
        n[k + 9] = t.getRound();
        n[k + 10] = o.getStep();
        n[k + 11] = o.getStaleness();
        doubles[c][DOUBLES * r] = s.getReward();
        doubles[c][DOUBLES * r + 1] = o.getTokenWeightedStaleness();
        flags[c][r] = (byte) ((o.getTrained() ? 1 : 0) | (o.getAborted() ? 2 : 0));
        List<VersionSpan> list = t.getSpans();
        int at = spanStart(size);
        if (2 * (at + list.size()) > spans.length) {
            spans = Arrays.copyOf(spans, Math.max(spans.length + spans.length / 2, 2 * (at + list.size())));
        }
        for (int i = 0; i < list.size(); i++) {
            VersionSpan v = list.get(i);
            spans[2 * (at + i)] = v.getVersion();
            spans[2 * (at + i) + 1] = v.getTokens();
        }
        spanEnd[c][r] = at + list.size();
        size++;
    }

    private int spanStart(int row) {
        return row == 0 ? 0 : spanEnd[(row - 1) >>> SHIFT][(row - 1) & MASK];
    }

    private long id(int row) {
        return longs[row >>> SHIFT][LONGS * (row & MASK)];
    }

    /** Row {@code i} as a new outcome, equal to the one added. */
    TrajectoryOutcome get(int i) {
        int c = i >>> SHIFT;
        int r = i & MASK;
        int from = spanStart(i);
        int to = spanEnd[c][r];
        List<VersionSpan> list = new ArrayList<>(to - from);
        for (int j = from; j < to; j++) {
            list.add(new VersionSpan(spans[2 * j], spans[2 * j + 1]));
        }
        long[] l = longs[c];
        int li = LONGS * r;
        int[] n = ints[c];
        int k = INTS * r;
        Trajectory t = new Trajectory(l[li], l[li + 1], n[k], n[k + 1], n[k + 2], n[k + 3], l[li + 2], l[li + 3],
                l[li + 4], n[k + 4], n[k + 5], n[k + 6], n[k + 7], list, n[k + 8], n[k + 9]);
        ScoredTrajectory s = new ScoredTrajectory(t, doubles[c][DOUBLES * r], l[li + 5]);
        return new TrajectoryOutcome(s, (flags[c][r] & 1) != 0, n[k + 10], n[k + 11], doubles[c][DOUBLES * r + 1],
                (flags[c][r] & 2) != 0);
    }

    /**
     * The rows in the order of their trajectory ids, rows of equal ids in the order they were added (as a stable
     * sort of the outcomes by id would list them); each read builds its outcome.
     */
    List<TrajectoryOutcome> sortedById() {
        long[] ids = new long[size];
        for (int i = 0; i < size; i++) {
            ids[i] = id(i);
        }
        return new Rows(this, OutcomeOrder.stableOrder(ids));
    }

    private static final class Rows extends AbstractList<TrajectoryOutcome> implements RandomAccess {
        private final OutcomeColumns columns;
        private final int[] order;

        Rows(OutcomeColumns columns, int[] order) {
            this.columns = columns;
            this.order = order;
        }

        @Override
        public TrajectoryOutcome get(int index) {
            return columns.get(order[index]);
        }

        @Override
        public int size() {
            return order.length;
        }
    }
}
