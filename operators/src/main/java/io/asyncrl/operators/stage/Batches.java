package io.asyncrl.operators.stage;

import io.asyncrl.schemas.BatchItem;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * The BATCH envelope: several consecutive DATA records of one producer and experiment in one record
 * (its {@code batch}; see {@code SimEvent.avsc}). A batch stands for its items and nothing else: item i is the DATA
 * record (experiment, item time, producer, seq + i, item payload), so a consumer that applies the items
 * one by one, through its {@link Dedup}, does exactly what it did with the DATA records, and a batch
 * replayed after a restore is dropped item by item however the replay cut it.
 */
public final class Batches {
    private Batches() {}

    /** A batch of {@code data}: DATA envelopes of one experiment and producer with consecutive seqs. */
    static SimEvent of(List<SimEvent> data) {
        SimEvent first = data.get(0);
        BatchItem[] items = new BatchItem[data.size()];
        for (int i = 0; i < items.length; i++) {
            SimEvent e = data.get(i);
            BatchItem item = new BatchItem();
            item.setTimeUs(e.getTimeUs());
            item.setPayload(e.getPayload());
            items[i] = item;
        }
        return Envelopes.of(first.getExperimentId(), EventKind.BATCH, first.getTimeUs(), first.getProducer(),
                first.getSeq(), null, List.of(items));
    }

    /** The fields of one record a SimEvent stands for (its experiment is the SimEvent's). */
    @FunctionalInterface
    public interface Item {
        void accept(EventKind kind, long timeUs, String producer, long seq, Object payload);
    }

    /**
     * The records {@code e} stands for, in order, without an envelope each: a BATCH's item i as (DATA, item time,
     * producer, seq + i, item payload), anything else as its own fields. The one place that says how a batch numbers
     * its items.
     */
    public static void forEachItem(SimEvent e, Item each) {
        if (e.getKind() != EventKind.BATCH) {
            each.accept(e.getKind(), e.getTimeUs(), e.getProducer(), e.getSeq(), e.getPayload());
            return;
        }
        List<BatchItem> items = e.getBatch();
        for (int i = 0; i < items.size(); i++) {
            BatchItem item = items.get(i);
            each.accept(EventKind.DATA, item.getTimeUs(), e.getProducer(), e.getSeq() + i, item.getPayload());
        }
    }

    /** {@code e} as the records it stands for: a BATCH's items as DATA envelopes in order, anything else itself. */
    public static void forEach(SimEvent e, Consumer<SimEvent> each) {
        if (e.getKind() != EventKind.BATCH) {
            each.accept(e);
            return;
        }
        forEachItem(e, (kind, timeUs, producer, seq, payload) ->
                each.accept(Envelopes.of(e.getExperimentId(), kind, timeUs, producer, seq, payload, List.of())));
    }

    /** The number of records {@code e} stands for (1 for anything but a BATCH). */
    public static int size(SimEvent e) {
        return e.getKind() == EventKind.BATCH ? e.getBatch().size() : 1;
    }
}
