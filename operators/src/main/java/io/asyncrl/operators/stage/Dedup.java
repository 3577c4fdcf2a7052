package io.asyncrl.operators.stage;

import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import java.util.HashMap;

/**
 * The idempotent-consumer half of exactly-once: remembers, per producer, the highest sequence number
 * applied and drops anything at or below it. Producers are deterministic and number their records in
 * state, so after a failure the records they emit again carry the same numbers as the first time.
 * WATERMARKs carry no number: applying one twice changes nothing.
 */
public final class Dedup {
    HashMap<String, Long> applied = new HashMap<>();

    public Dedup() {}

    /** True if {@code e} is new and should be applied (and records it as applied). */
    public boolean accept(SimEvent e) {
        if (e.getKind() == EventKind.WATERMARK || e.getSeq() == 0) {
            return true;
        }
        long last = applied.getOrDefault(e.getProducer(), 0L);
        if (e.getSeq() <= last) {
            return false;
        }
        applied.put(e.getProducer(), e.getSeq());
        return true;
    }

    void write(java.io.DataOutput out) throws java.io.IOException {
        // Sorted, so that the same state always has the same bytes.
        java.util.TreeMap<String, Long> sorted = new java.util.TreeMap<>(applied);
        out.writeInt(sorted.size());
        for (var e : sorted.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    static Dedup read(java.io.DataInput in) throws java.io.IOException {
        Dedup d = new Dedup();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            d.applied.put(in.readUTF(), in.readLong());
        }
        return d;
    }
}
