package io.asyncrl.operators.sim.core;

import java.util.ArrayList;
import org.apache.avro.specific.SpecificRecord;

/**
 * Records waiting for their simulated time, kept as Avro bytes ordered by (time, id): the explicit
 * tie-break that makes processing order independent of arrival order.
 */
public final class TimedBuffer {
    ArrayList<Entry> entries = new ArrayList<>();

    public TimedBuffer() {}

    public void add(long timeUs, long id, SpecificRecord record) {
        Entry e = new Entry(timeUs, id, ExperimentSpecHolder.encode(record));
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
        return ExperimentSpecHolder.decode(entries.remove(0).avro, type);
    }

    /** One waiting record. */
    public static final class Entry {
        long timeUs;
        long id;
        byte[] avro;

        public Entry() {}

        Entry(long timeUs, long id, byte[] avro) {
            this.timeUs = timeUs;
            this.id = id;
            this.avro = avro;
        }
    }
}
