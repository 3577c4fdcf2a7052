package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;

/**
 * Sequence numbers of one producer: one counter for its output topic, one for the metrics topic.
 * Kept in the producer's state, so a producer restored from a checkpoint numbers its deterministic
 * re-emissions exactly as before and consumers can drop them (see {@link Dedup}).
 */
public final class StageOutputStamp {
    String producer;
    long dataSeq;
    long metricSeq;

    public StageOutputStamp() {}

    StageOutputStamp(String producer) {
        this.producer = producer;
    }

    public StageOutput wrap(StageOutput out) {
        return new StageOutput() {
            @Override
            public void emit(SimEvent e) {
                out.emit(stamped(e, false));
            }

            @Override
            public void metric(SimEvent e) {
                out.metric(stamped(e, true));
            }
        };
    }

    private SimEvent stamped(SimEvent e, boolean metric) {
        e.setProducer(producer);
        if (e.getKind() != EventKind.WATERMARK) {
            e.setSeq(metric ? ++metricSeq : ++dataSeq);
        }
        return e;
    }

    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeUTF(producer);
        out.writeLong(dataSeq);
        out.writeLong(metricSeq);
    }

    static StageOutputStamp read(java.io.DataInput in) throws java.io.IOException {
        StageOutputStamp s = new StageOutputStamp(in.readUTF());
        s.dataSeq = in.readLong();
        s.metricSeq = in.readLong();
        return s;
    }
}
