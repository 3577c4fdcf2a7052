package io.asyncrl.operators.sim.core;

import java.util.ArrayList;
import org.apache.avro.specific.SpecificRecord;

/**
 * Records waiting for their simulated time, ordered by (time, id): the explicit tie-break that makes
 * processing order independent of arrival order. In state they are Avro bytes ({@link StateIo}); a
 * record added since the last restore is kept as the object and encoded only if the state is written
 * (encoding and decoding every buffered record was a third of the in-memory pipeline's CPU,
 * docs/performance.md). Nothing mutates a record after it is added.
 */
public final class TimedBuffer {
    ArrayList<Entry> entries = new ArrayList<>();

    public TimedBuffer() {}

    public void add(long timeUs, long id, SpecificRecord record) {
        Entry e = new Entry(timeUs, id, record);
        int lo = 0;
        int hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Entry m = entries.get(mid);
            if (m.timeUs < timeUs || (m.timeUs == timeUs && m.id <= id)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        entries.add(lo, e);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    public long headTimeUs() {
        return entries.isEmpty() ? SimTime.NEVER : entries.get(0).timeUs;
    }

    public <T extends SpecificRecord> T poll(Class<T> type) {
        Entry e = entries.remove(0);
        return e.record != null ? type.cast(e.record) : ExperimentSpecHolder.decode(e.avro, type);
    }

    /** One waiting record. */
    public static final class Entry {
        long timeUs;
        long id;
        /** The Avro bytes, or null until {@link #bytes} encodes {@link #record}. */
        byte[] avro;
        /** The record as added; null after a restore (then {@link #avro} holds it). */
        transient SpecificRecord record;

        public Entry() {}

        Entry(long timeUs, long id, SpecificRecord record) {
            this.timeUs = timeUs;
            this.id = id;
            this.record = record;
        }

        /** The record's Avro bytes, encoded on first use. */
        byte[] bytes() {
            if (avro == null) {
                avro = ExperimentSpecHolder.encode(record);
            }
            return avro;
        }

        Entry(long timeUs, long id, byte[] avro) {
            this.timeUs = timeUs;
            this.id = id;
            this.avro = avro;
        }
    }
}
