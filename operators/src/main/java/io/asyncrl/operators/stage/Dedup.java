package io.asyncrl.operators.stage;

import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The idempotent-consumer half of exactly-once: remembers, per producer, the highest sequence number
 * applied and drops anything at or below it. Producers are deterministic and number their records in
 * state, so after a failure the records they emit again carry the same numbers as the first time.
 * WATERMARKs carry no number: applying one twice changes nothing.
 */
public final class Dedup {
    /**
     * The highest seq applied per producer, each in a one-element array updated in place: a {@code Long} per record
     * was about 1.6% of the bytes a 250-step bench allocated (docs/performance.md, eighteenth session).
     */
    private final HashMap<String, long[]> applied = new HashMap<>();

    public Dedup() {}

    /** True if {@code e} is new and should be applied (and records it as applied). */
    public boolean accept(SimEvent e) {
        return accept(e.getKind(), e.getProducer(), e.getSeq());
    }

    /**
     * True if the record ({@code kind}, {@code producer}, {@code seq}) is new and should be applied, and records it as
     * applied: item i of a BATCH is (DATA, the batch's producer, its seq + i), as {@link Batches} says.
     */
    public boolean accept(EventKind kind, String producer, long seq) {
        if (kind == EventKind.WATERMARK || seq == 0) {
            return true;
        }
        long[] last = applied.get(producer);
        if (last == null) {
            if (seq < 0) {
                return false;
            }
            applied.put(producer, new long[] {seq});
            return true;
        }
        if (seq <= last[0]) {
            return false;
        }
        last[0] = seq;
        return true;
    }

    void write(java.io.DataOutput out) throws java.io.IOException {
        // Sorted, so that the same state always has the same bytes.
        TreeMap<String, long[]> sorted = new TreeMap<>(applied);
        out.writeInt(sorted.size());
        for (Map.Entry<String, long[]> e : sorted.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue()[0]);
        }
    }

    static Dedup read(java.io.DataInput in) throws java.io.IOException {
        Dedup d = new Dedup();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            d.applied.put(in.readUTF(), new long[] {in.readLong()});
        }
        return d;
    }
}
