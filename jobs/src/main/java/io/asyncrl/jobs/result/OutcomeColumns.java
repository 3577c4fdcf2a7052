package io.asyncrl.jobs.result;

import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.RandomAccess;

/**
 * The trajectory outcomes a {@link ResultCollector} reads, kept as rows of primitive arrays instead of an object
 * graph each (outcome, scored trajectory, trajectory, span list and its spans): about 125 bytes per outcome (the arrays
 * double as they grow) instead of about 250 in objects, held until the run ends (docs/performance.md, Eighth session).
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

    private int size;
    private long[] longs = new long[LONGS * 16];
    private int[] ints = new int[INTS * 16];
    private double[] doubles = new double[DOUBLES * 16];
    /** Per row: bit 0 trained, bit 1 aborted. */
    private byte[] flags = new byte[16];
    /** Row i's spans are {@code spans[2 * spanStart[i] ..< 2 * spanStart[i + 1]]}, version then tokens. */
    private int[] spanStart = new int[17];
    private int[] spans = new int[32];

    int size() {
        return size;
    }

    void add(TrajectoryOutcome o) {
        if (size == flags.length) {
            int n = size * 2;
            longs = Arrays.copyOf(longs, LONGS * n);
            ints = Arrays.copyOf(ints, INTS * n);
            doubles = Arrays.copyOf(doubles, DOUBLES * n);
            flags = Arrays.copyOf(flags, n);
            spanStart = Arrays.copyOf(spanStart, n + 1);
        }
        ScoredTrajectory s = o.getScored();
        Trajectory t = s.getTrajectory();
        int l = LONGS * size;
        longs[l] = t.getTrajectoryId();
        longs[l + 1] = t.getPromptId();
        longs[l + 2] = t.getDispatchUs();
        longs[l + 3] = t.getStartUs();
        longs[l + 4] = t.getEndUs();
        longs[l + 5] = s.getScoredUs();
        int k = INTS * size;
        ints[k] = t.getSampleIndex();
        ints[k + 1] = t.getPromptTokens();
        ints[k + 2] = t.getResponseTokens();
        ints[k + 3] = t.getInstance();
        ints[k + 4] = t.getStartVersion();
        ints[k + 5] = t.getEndVersion();
        ints[k + 6] = t.getInterruptions();
        ints[k + 7] = t.getPreemptions();
        ints[k + 8] = t.getRequeues();
        ints[k + 9] = t.getRound();
        ints[k + 10] = o.getStep();
        ints[k + 11] = o.getStaleness();
        doubles[DOUBLES * size] = s.getReward();
        doubles[DOUBLES * size + 1] = o.getTokenWeightedStaleness();
        flags[size] = (byte) ((o.getTrained() ? 1 : 0) | (o.getAborted() ? 2 : 0));
        List<VersionSpan> list = t.getSpans();
        int at = spanStart[size];
        if (2 * (at + list.size()) > spans.length) {
            spans = Arrays.copyOf(spans, Math.max(2 * spans.length, 2 * (at + list.size())));
        }
        for (int i = 0; i < list.size(); i++) {
            VersionSpan v = list.get(i);
            spans[2 * (at + i)] = v.getVersion();
            spans[2 * (at + i) + 1] = v.getTokens();
        }
        spanStart[size + 1] = at + list.size();
        size++;
    }

    /** Row {@code i} as a new outcome, equal to the one added. */
    TrajectoryOutcome get(int i) {
        int from = spanStart[i];
        int to = spanStart[i + 1];
        List<VersionSpan> list = new ArrayList<>(to - from);
        for (int j = from; j < to; j++) {
            list.add(new VersionSpan(spans[2 * j], spans[2 * j + 1]));
        }
        int l = LONGS * i;
        int k = INTS * i;
        Trajectory t = new Trajectory(longs[l], longs[l + 1], ints[k], ints[k + 1], ints[k + 2], ints[k + 3],
                longs[l + 2], longs[l + 3], longs[l + 4], ints[k + 4], ints[k + 5], ints[k + 6], ints[k + 7], list,
                ints[k + 8], ints[k + 9]);
        ScoredTrajectory s = new ScoredTrajectory(t, doubles[DOUBLES * i], longs[l + 5]);
        return new TrajectoryOutcome(s, (flags[i] & 1) != 0, ints[k + 10], ints[k + 11],
                doubles[DOUBLES * i + 1], (flags[i] & 2) != 0);
    }

    /**
     * The rows in the order of their trajectory ids, rows of equal ids in the order they were added (as a stable
     * sort of the outcomes by id would list them); each read builds its outcome.
     */
    List<TrajectoryOutcome> sortedById() {
        int[] order = new int[size];
        boolean packs = size < (1 << 22);
        for (int i = 0; i < size && packs; i++) {
            long id = longs[LONGS * i];
            packs = id >= 0 && id < (1L << 41);
        }
        if (packs) {
            long[] keys = new long[size];
            for (int i = 0; i < size; i++) {
                keys[i] = longs[LONGS * i] << 22 | i;
            }
            Arrays.sort(keys);
            for (int i = 0; i < size; i++) {
                order[i] = (int) (keys[i] & ((1 << 22) - 1));
            }
        } else {
            Integer[] boxed = new Integer[size];
            for (int i = 0; i < size; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, Comparator.comparingLong(i -> longs[LONGS * i]));
            for (int i = 0; i < size; i++) {
                order[i] = boxed[i];
            }
        }
        return new Rows(this, order);
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
