package io.asyncrl.operators.sim.rollout;

import java.util.Arrays;

/**
 * A binary min-heap over the indices 0..n-1, each with a {@code long} key, ordered by (key, index):
 * the smallest key first and, on equal keys, the lowest index, the same element a scan of the indices
 * in order keeping the first strict minimum would find. {@link #update} re-keys one index in
 * O(log n), so choosing an instance costs O(log instances) instead of a scan of all of them.
 */
final class IndexedHeap {
    private final long[] keys;
    /** heap[position] = index. */
    private final int[] heap;
    /** position[index] = where the index sits in {@link #heap}. */
    private final int[] position;

    /** A heap of {@code keys.length} indices with the given keys. */
    IndexedHeap(long[] keys) {
        int n = keys.length;
        this.keys = Arrays.copyOf(keys, n);
        this.heap = new int[n];
        this.position = new int[n];
        for (int i = 0; i < n; i++) {
            heap[i] = i;
            position[i] = i;
        }
        for (int p = n / 2 - 1; p >= 0; p--) {
            down(p);
        }
    }

    boolean isEmpty() {
        return heap.length == 0;
    }

    /** The index with the smallest (key, index). */
    int top() {
        return heap[0];
    }

    long topKey() {
        return keys[heap[0]];
    }

    long key(int index) {
        return keys[index];
    }

    void update(int index, long key) {
        long old = keys[index];
        if (old == key) {
            return;
        }
        keys[index] = key;
        int p = position[index];
        if (key < old) {
            up(p);
        } else {
            down(p);
        }
    }

    private boolean less(int a, int b) {
        return keys[a] < keys[b] || (keys[a] == keys[b] && a < b);
    }

    private void up(int p) {
        int x = heap[p];
        while (p > 0) {
            int parent = (p - 1) >>> 1;
            if (!less(x, heap[parent])) {
                break;
            }
            place(heap[parent], p);
            p = parent;
        }
        place(x, p);
    }

    private void down(int p) {
        int n = heap.length;
        int x = heap[p];
        while (true) {
            int child = 2 * p + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && less(heap[child + 1], heap[child])) {
                child++;
            }
            if (!less(heap[child], x)) {
                break;
            }
            place(heap[child], p);
            p = child;
        }
        place(x, p);
    }

    private void place(int index, int p) {
        heap[p] = index;
        position[index] = p;
    }
}
