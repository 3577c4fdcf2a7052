package io.asyncrl.jobs.result;

import io.asyncrl.operators.sim.core.OutcomeOrder;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The trajectory outcomes a {@link ResultCollector} reads (and an in-memory run produces), kept as fixed-size rows in
 * direct (off-heap) buffers instead of an object graph each (outcome, scored trajectory, trajectory, span list and its
 * spans): 120 bytes per outcome and 8 per span, in chunks of 16,384 rows, held until the run ends. Off the heap,
 * because they live for the whole run: on the heap the young collections copied the growing columns from survivor
 * space to survivor space at every pause (docs/performance.md, "Fourteenth session"). An outcome is built again, equal
 * to the one added, when it is read. Every field of the three records is kept; {@code OutcomeColumnsTest} fails when
 * a schema gains one that is not. Not thread-safe: one thread adds (a collector's, an in-memory run's), and reads come
 * after the run.
 */
public final class OutcomeColumns {
    /** Per row, at these byte offsets: trajectoryId, promptId, dispatchUs, startUs, endUs, scoredUs. */
    private static final int LONGS = 0;
    /** Per row: reward, tokenWeightedStaleness. */
    private static final int DOUBLES = 6 * 8;
    /**
     * Per row: sampleIndex, promptTokens, responseTokens, instance, startVersion, endVersion, interruptions,
     * preemptions, requeues, round, step, staleness.
     */
    private static final int INTS = DOUBLES + 2 * 8;
    /** Per row: the index after its last span (its spans start where the previous row's end). */
    private static final int SPAN_END = INTS + 12 * 4;
    /** Per row: bit 0 trained, bit 1 aborted. */
    private static final int FLAGS = SPAN_END + 4;
    /** A row, padded to a multiple of 8 bytes. */
    static final int ROW_BYTES = FLAGS + 4;

    /** Rows (and spans) are kept in chunks of this many, so that growing never copies or leaves unused capacity beyond one. */
    private static final int SHIFT = 14;
    private static final int MASK = (1 << SHIFT) - 1;

    private int size;
    private int spanCount;
    private ByteBuffer[] rows = new ByteBuffer[0];
    /** Span j is version then tokens, at byte {@code 8 * (j & MASK)} of chunk {@code j >>> SHIFT}. */
    private ByteBuffer[] spans = new ByteBuffer[0];

    public int size() {
        return size;
    }

    private static ByteBuffer chunk(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    public void add(TrajectoryOutcome o) {
        int c = size >>> SHIFT;
        if (c == rows.length) {
            rows = Arrays.copyOf(rows, c + 1);
            rows[c] = chunk(ROW_BYTES << SHIFT);
        }
        ByteBuffer b = rows[c];
        int at = ROW_BYTES * (size & MASK);
        ScoredTrajectory s = o.getScored();
        Trajectory t = s.getTrajectory();
        b.putLong(at + LONGS, t.getTrajectoryId());
        b.putLong(at + LONGS + 8, t.getPromptId());
        b.putLong(at + LONGS + 16, t.getDispatchUs());
        b.putLong(at + LONGS + 24, t.getStartUs());
        b.putLong(at + LONGS + 32, t.getEndUs());
        b.putLong(at + LONGS + 40, s.getScoredUs());
        b.putDouble(at + DOUBLES, s.getReward());
        b.putDouble(at + DOUBLES + 8, o.getTokenWeightedStaleness());
        int k = at + INTS;
        b.putInt(k, t.getSampleIndex());
        b.putInt(k + 4, t.getPromptTokens());
        b.putInt(k + 8, t.getResponseTokens());
        b.putInt(k + 12, t.getInstance());
        b.putInt(k + 16, t.getStartVersion());
        b.putInt(k + 20, t.getEndVersion());
        b.putInt(k + 24, t.getInterruptions());
        b.putInt(k + 28, t.getPreemptions());
        b.putInt(k + 32, t.getRequeues());
        b.putInt(k + 36, t.getRound());
        b.putInt(k + 40, o.getStep());
        b.putInt(k + 44, o.getStaleness());
        for (VersionSpan v : t.getSpans()) {
            int sc = spanCount >>> SHIFT;
            if (sc == spans.length) {
                spans = Arrays.copyOf(spans, sc + 1);
                spans[sc] = chunk(8 << SHIFT);
            }
            int j = 8 * (spanCount & MASK);
            spans[sc].putInt(j, v.getVersion());
            spans[sc].putInt(j + 4, v.getTokens());
            spanCount++;
        }
        b.putInt(at + SPAN_END, spanCount);
        b.put(at + FLAGS, (byte) ((o.getTrained() ? 1 : 0) | (o.getAborted() ? 2 : 0)));
        size++;
    }

    private int spanEnd(int row) {
        return rows[row >>> SHIFT].getInt(ROW_BYTES * (row & MASK) + SPAN_END);
    }

    private long id(int row) {
        return rows[row >>> SHIFT].getLong(ROW_BYTES * (row & MASK) + LONGS);
    }

    /** Row {@code i} as a new outcome, equal to the one added. */
    TrajectoryOutcome get(int i) {
        int from = i == 0 ? 0 : spanEnd(i - 1);
        int to = spanEnd(i);
        List<VersionSpan> list = new ArrayList<>(to - from);
        for (int j = from; j < to; j++) {
            ByteBuffer sb = spans[j >>> SHIFT];
            int sj = 8 * (j & MASK);
            list.add(new VersionSpan(sb.getInt(sj), sb.getInt(sj + 4)));
        }
        ByteBuffer b = rows[i >>> SHIFT];
        int at = ROW_BYTES * (i & MASK);
        int k = at + INTS;
        Trajectory t = new Trajectory(b.getLong(at + LONGS), b.getLong(at + LONGS + 8), b.getInt(k), b.getInt(k + 4),
                b.getInt(k + 8), b.getInt(k + 12), b.getLong(at + LONGS + 16), b.getLong(at + LONGS + 24),
                b.getLong(at + LONGS + 32), b.getInt(k + 16), b.getInt(k + 20), b.getInt(k + 24), b.getInt(k + 28),
                list, b.getInt(k + 32), b.getInt(k + 36));
        ScoredTrajectory s = new ScoredTrajectory(t, b.getDouble(at + DOUBLES), b.getLong(at + LONGS + 40));
        byte flags = b.get(at + FLAGS);
        return new TrajectoryOutcome(s, (flags & 1) != 0, b.getInt(k + 40), b.getInt(k + 44),
                b.getDouble(at + DOUBLES + 8), (flags & 2) != 0);
    }

    /**
     * The rows in the order of their trajectory ids, rows of equal ids in the order they were added (as a stable
     * sort of the outcomes by id would list them); each read builds its outcome.
     */
    public List<TrajectoryOutcome> sortedById() {
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
