package io.asyncrl.jobs.bench;

import java.util.Arrays;

/** The key and value size of each record of a topic, in topic order: what raw Kafka sends again. */
public final class RecordSizes {
    private final int[] keys;
    private final int[] values;

    private RecordSizes(int[] keys, int[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** {@code records} records of equal sizes. */
    static RecordSizes uniform(long records, int keyBytes, int valueBytes) {
        int n = Math.toIntExact(records);
        int[] k = new int[n];
        int[] v = new int[n];
        Arrays.fill(k, keyBytes);
        Arrays.fill(v, valueBytes);
        return new RecordSizes(k, v);
    }

    public int records() {
        return keys.length;
    }

    public int keyBytes(int record) {
        return keys[record];
    }

    public int valueBytes(int record) {
        return values[record];
    }

    /** The largest key or value, 0 without records. */
    public int largest() {
        int m = 0;
        for (int i = 0; i < keys.length; i++) {
            m = Math.max(m, Math.max(keys[i], values[i]));
        }
        return m;
    }

    /** Collects sizes as records are read. */
    static final class Builder {
        private int[] keys = new int[1024];
        private int[] values = new int[1024];
        private int n;

        void add(int keyBytes, int valueBytes) {
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
                values = Arrays.copyOf(values, n * 2);
            }
            keys[n] = keyBytes;
            values[n] = valueBytes;
            n++;
        }

        RecordSizes build() {
            return new RecordSizes(Arrays.copyOf(keys, n), Arrays.copyOf(values, n));
        }
    }
}
