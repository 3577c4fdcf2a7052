package io.asyncrl.operators.sim.summary;

import static io.asyncrl.operators.sim.core.StateIo.readList;
import static io.asyncrl.operators.sim.core.StateIo.writeList;

import io.asyncrl.operators.sim.core.StateIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** The summary's state format: {@link SummaryBuilder} field by field in declaration order. */
public final class SummaryState {
    private SummaryState() {}

    public static void write(SummaryBuilder b, DataOutput out) throws IOException {
        StateIo.writeSpec(b.spec, out);
        writeList(b.steps, StateIo::writeLongs, out);
        out.writeLong(b.trainedTrajectories);
        out.writeLong(b.trainedTokens);
        out.writeLong(b.stalenessSum);
        out.writeLong(b.stalenessMax);
        out.writeLong(b.tokenStalenessWeighted);
        out.writeLong(b.tokenStalenessTokens);
        out.writeInt(b.histogram.size());
        for (Map.Entry<Integer, Long> h : b.histogram.entrySet()) {
            out.writeInt(h.getKey());
            out.writeLong(h.getValue());
        }
        // Sorted, so that the same state always has the same bytes.
        TreeMap<String, SummaryBuilder.StageTotals> stages = new TreeMap<>(b.stages);
        out.writeInt(stages.size());
        for (Map.Entry<String, SummaryBuilder.StageTotals> s : stages.entrySet()) {
            out.writeUTF(s.getKey());
            SummaryBuilder.StageTotals t = s.getValue();
            out.writeLong(t.endUs);
            out.writeDouble(t.deviceSeconds);
            out.writeInt(t.devices);
            TreeMap<String, Long> counters = new TreeMap<>(t.counters);
            out.writeInt(counters.size());
            for (Map.Entry<String, Long> c : counters.entrySet()) {
                out.writeUTF(c.getKey());
                out.writeLong(c.getValue());
            }
        }
        writeBreakdown(b.breakdown, out);
        out.writeInt(b.audit.lengthCount());
        b.audit.forEachLength((length, sums) -> {
            out.writeInt(length);
            StateIo.writeLongs(sums, out);
        });
    }

    private static void writeBreakdown(StepBreakdown d, DataOutput out) throws IOException {
        for (TreeMap<Integer, long[]> rows : java.util.List.of(d.steps, d.lastScored)) {
            out.writeInt(rows.size());
            for (Map.Entry<Integer, long[]> r : rows.entrySet()) {
                out.writeInt(r.getKey());
                StateIo.writeLongs(r.getValue(), out);
            }
        }
        out.writeInt(d.intervals);
        // the arrays' capacity too, so that a restored builder is the same object graph
        out.writeInt(d.instance.length);
        for (int i = 0; i < d.intervals; i++) {
            out.writeInt(d.instance[i]);
            out.writeLong(d.startUs[i]);
            out.writeLong(d.endUs[i]);
        }
    }

    private static StepBreakdown readBreakdown(DataInput in) throws IOException {
        StepBreakdown d = new StepBreakdown();
        for (TreeMap<Integer, long[]> rows : java.util.List.of(d.steps, d.lastScored)) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                rows.put(in.readInt(), StateIo.readLongs(in));
            }
        }
        int n = in.readInt();
        d.intervals = n;
        int capacity = in.readInt();
        d.instance = new int[capacity];
        d.startUs = new long[capacity];
        d.endUs = new long[capacity];
        for (int i = 0; i < n; i++) {
            d.instance[i] = in.readInt();
            d.startUs[i] = in.readLong();
            d.endUs[i] = in.readLong();
        }
        return d;
    }

    public static SummaryBuilder read(DataInput in) throws IOException {
        SummaryBuilder b = new SummaryBuilder();
        b.spec = StateIo.readSpec(in);
        readList(b.steps, StateIo::readLongs, in);
        b.trainedTrajectories = in.readLong();
        b.trainedTokens = in.readLong();
        b.stalenessSum = in.readLong();
        b.stalenessMax = in.readLong();
        b.tokenStalenessWeighted = in.readLong();
        b.tokenStalenessTokens = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            b.histogram.put(in.readInt(), in.readLong());
        }
        int stages = in.readInt();
        for (int i = 0; i < stages; i++) {
            String name = in.readUTF();
            SummaryBuilder.StageTotals t = new SummaryBuilder.StageTotals();
            t.endUs = in.readLong();
            t.deviceSeconds = in.readDouble();
            t.devices = in.readInt();
            int counters = in.readInt();
            for (int c = 0; c < counters; c++) {
                t.counters.put(in.readUTF(), in.readLong());
            }
            b.stages.put(name, t);
        }
        b.breakdown = readBreakdown(in);
        int lengths = in.readInt();
        for (int i = 0; i < lengths; i++) {
            b.audit.restore(in.readInt(), StateIo.readLongs(in));
        }
        return b;
    }
}
