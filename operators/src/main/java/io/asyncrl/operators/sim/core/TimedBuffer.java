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
    /**
     * Sorted by (time, id) from {@link #head} on; the slots before it were polled (nulled). Polling advances the head
     * instead of shifting the list: a buffer drained one record at a time (a step's batch of thousands) would otherwise
     * move every remaining entry on every poll.
     */
    ArrayList<Entry> entries = new ArrayList<>();
    int head;

    public TimedBuffer() {}

    public void add(long timeUs, long id, SpecificRecord record) {
        Entry e = new Entry(timeUs, id, record);
        int lo = head;
        int hi = entries.size();
        // most records arrive in order: append without a search
        if (lo < hi) {
            Entry last = entries.get(hi - 1);
            if (last.timeUs < timeUs || (last.timeUs == timeUs && last.id <= id)) {
                entries.add(e);
                return;
            }
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Entry m = entries.get(mid);
            if (m.timeUs < timeUs || (m.timeUs == timeUs && m.id <= id)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == head && head > 0) {
            entries.set(--head, e); // before every waiting record: reuse the polled slot
        } else {
            entries.add(lo, e);
        }
    }

    public boolean isEmpty() {
        return head == entries.size();
    }

    public int size() {
        return entries.size() - head;
    }

    public long headTimeUs() {
        return isEmpty() ? SimTime.NEVER : entries.get(head).timeUs;
    }

    public <T extends SpecificRecord> T poll(Class<T> type) {
        if (isEmpty()) {
            throw new java.util.NoSuchElementException("the buffer is empty");
        }
        Entry e = entries.get(head);
        entries.set(head++, null);
        if (head == entries.size()) {
            entries.clear();
            head = 0;
        } else if (head >= 64 && head * 2 >= entries.size()) {
            entries.subList(0, head).clear(); // compact: at most as many moves as polls since the last compaction
            head = 0;
        }
        return e.record != null ? type.cast(e.record) : ExperimentSpecHolder.decode(e.avro, type);
    }

    /** The waiting records in (time, id) order (for the state serializer). */
    java.util.List<Entry> waiting() {
        return entries.subList(head, entries.size());
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
