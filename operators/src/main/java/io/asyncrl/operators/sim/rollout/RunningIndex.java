package io.asyncrl.operators.sim.rollout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A transient index of one instance's running batch, so that an event costs O(log n) where it cost scans of the
 * whole batch: which sequences finish next, the smallest finish step, and the KV reserve of the batch.
 *
 * <p>The batch itself stays the instance's ordered list (its order is what state, policies and the interrupt's
 * prefill sum see; nothing here changes it). Each sequence gets an increasing {@link Sequence#order} when it joins
 * the list, so the list is sorted by it and a finished sequence is found by binary search. The index is rebuilt from
 * the list whenever it is not {@link #valid} (after a restore, or after a change the index did not see), so it can
 * never disagree with the list for longer than one call.
 *
 * <p>The reserve: a running sequence reserves {@code (long) (0.3 x (max - generated))} tokens of KV cache
 * ({@link RolloutInstance#KV_RESERVE_RATIO}), where {@code generated = generatedAtJoin + step - joinStep}. With
 * {@code a = max - generatedAtJoin + joinStep} that is {@code floor(3 (a - step) / 10)}: for every integer
 * {@code 0 <= x <= 2^26} the double product {@code (long) (0.3 * x)} equals the integer {@code 3x / 10} (checked
 * exhaustively once; {@code RunningIndexTest} checks it on a stride), and {@code a - step >= max - responseTokens >= 0} while the
 * sequence runs. So the batch's reserve is {@code (3 (sum a - n step) - sum ((3a - 3 step) mod 10)) / 10}, and the
 * residues depend only on {@code 3a mod 10}: ten counters give the exact sum of the per-sequence truncations. A
 * sequence whose answer is longer than {@code max} (where the product would be clamped at 0) turns that off and the
 * instance sums by scan, as before.
 */
final class RunningIndex {
    /** Largest {@code max - generated} the integer form is checked for. */
    static final long EXACT_LIMIT = 1L << 26;

    private final int maxResponseTokens;
    /**
     * Binary min-heap by (finish step, order), the keys in primitive arrays beside the sequences, so that sifting
     * reads no sequence object (a {@code PriorityQueue} whose comparator read {@code finishStep()} through each
     * sequence spent most of its time waiting for memory).
     */
    private long[] heapFinish = new long[16];
    private long[] heapOrder = new long[16];
    private Sequence[] heapSeq = new Sequence[16];
    private int heapSize;
    private long nextOrder;
    private long sumA;
    private final long[] residues = new long[10];
    /** Running sequences for which the integer reserve does not hold (their answer is longer than the maximum). */
    private int inexact;
    private int size;
    boolean valid;

    RunningIndex(int maxResponseTokens) {
        this.maxResponseTokens = maxResponseTokens;
    }

    /** Rebuilds from the list, in its order. */
    void rebuild(List<Sequence> running) {
        Arrays.fill(heapSeq, 0, heapSize, null);
        heapSize = 0;
        Arrays.fill(residues, 0);
        sumA = 0;
        inexact = 0;
        size = 0;
        nextOrder = 0;
        for (Sequence s : running) {
            added(s);
        }
        valid = true;
    }

    /** A sequence appended to the list. */
    void added(Sequence s) {
        s.order = nextOrder++;
        push(s);
        count(s, 1);
    }

    private void count(Sequence s, int sign) {
        size += sign;
        long a = (long) maxResponseTokens - s.generatedAtJoin + s.joinStep;
        if (s.responseTokens > maxResponseTokens || a - s.joinStep > EXACT_LIMIT || a < 0) {
            inexact += sign;
            return;
        }
        sumA += sign * a;
        residues[(int) ((3 * a) % 10)] += sign;
    }

    /** The smallest finish step of the batch, or {@link Long#MAX_VALUE} when it is empty. */
    long minFinishStep() {
        return heapSize == 0 ? Long.MAX_VALUE : heapFinish[0];
    }

    /**
     * Removes from {@code running} the sequences whose last token is decoded by {@code step} and returns them (in
     * no particular order); the others stay in their order.
     */
    List<Sequence> takeFinished(ArrayList<Sequence> running, long step) {
        List<Sequence> done = new ArrayList<>(1);
        while (heapSize > 0 && heapFinish[0] <= step) {
            Sequence s = pop();
            count(s, -1);
            done.add(s);
        }
        if (done.size() == 1) {
            running.remove(indexOf(running, done.get(0)));
        } else if (!done.isEmpty()) {
            int[] at = new int[done.size()];
            for (int i = 0; i < at.length; i++) {
                at[i] = indexOf(running, done.get(i));
            }
            Arrays.sort(at);
            int kept = at[0];
            int next = 0;
            for (int i = at[0]; i < running.size(); i++) {
                if (next < at.length && at[next] == i) {
                    next++;
                } else {
                    running.set(kept++, running.get(i));
                }
            }
            running.subList(kept, running.size()).clear();
        }
        return done;
    }

    private void push(Sequence s) {
        if (heapSize == heapSeq.length) {
            heapFinish = Arrays.copyOf(heapFinish, 2 * heapSize);
            heapOrder = Arrays.copyOf(heapOrder, 2 * heapSize);
            heapSeq = Arrays.copyOf(heapSeq, 2 * heapSize);
        }
        long f = s.finishStep();
        long o = s.order;
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(f, o, heapFinish[parent], heapOrder[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        put(i, f, o, s);
    }

    private Sequence pop() {
        Sequence top = heapSeq[0];
        int last = --heapSize;
        long f = heapFinish[last];
        long o = heapOrder[last];
        Sequence s = heapSeq[last];
        heapSeq[last] = null;
        if (last > 0) {
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= last) {
                    break;
                }
                int right = child + 1;
                if (right < last && less(heapFinish[right], heapOrder[right], heapFinish[child], heapOrder[child])) {
                    child = right;
                }
                if (!less(heapFinish[child], heapOrder[child], f, o)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            put(i, f, o, s);
        }
        return top;
    }

    private static boolean less(long f1, long o1, long f2, long o2) {
        return f1 < f2 || (f1 == f2 && o1 < o2);
    }

    private void move(int from, int to) {
        heapFinish[to] = heapFinish[from];
        heapOrder[to] = heapOrder[from];
        heapSeq[to] = heapSeq[from];
    }

    private void put(int i, long f, long o, Sequence s) {
        heapFinish[i] = f;
        heapOrder[i] = o;
        heapSeq[i] = s;
    }

    private static int indexOf(List<Sequence> running, Sequence s) {
        int lo = 0;
        int hi = running.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long o = running.get(mid).order;
            if (o < s.order) {
                lo = mid + 1;
            } else if (o > s.order) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        throw new IllegalStateException("sequence " + s.trajectoryId + " is not in the running batch it is indexed in");
    }

    /** Whether the ten counters give the reserve (no answer longer than the maximum); otherwise it is a scan. */
    boolean reserveExact() {
        return inexact == 0;
    }

    /**
     * The KV reserve of {@code running} (the list this indexes) at decode step {@code step}: the sum of the
     * per-sequence truncated reserves, from the counters, or by a scan when {@link #reserveExact} is false.
     */
    long reserve(List<Sequence> running, long step) {
        if (inexact > 0) {
            long sum = 0;
            for (Sequence r : running) {
                sum += RolloutInstance.reserve(maxResponseTokens, r.generated(step));
            }
            return sum;
        }
        int shift = (int) ((3 * step) % 10);
        long residueSum = 0;
        for (int k = 0; k < 10; k++) {
            if (residues[k] != 0) {
                int r = k - shift; // (3a - 3 step) mod 10, with k = 3a mod 10
                residueSum += residues[k] * (r < 0 ? r + 10 : r);
            }
        }
        return (3 * (sumA - size * step) - residueSum) / 10;
    }
}
