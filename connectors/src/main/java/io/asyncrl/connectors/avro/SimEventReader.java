package io.asyncrl.connectors.avro;

import io.asyncrl.schemas.BatchItem;
import io.asyncrl.schemas.EvalResult;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.Prompt;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StageFailure;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * The reading half of {@link SimEventCodec}: a {@link SimEvent} from Avro's binary encoding, equal to what
 * Avro's reader returns, with every length and count checked against the bytes left before anything is
 * allocated for it.
 */
final class SimEventReader {
    private SimEventReader() {
    }

    private static final EventKind[] KINDS = EventKind.values();

    /**
     * Decodes {@code bytes} as a SimEvent. Throws {@link SimEventCodec.Unsupported} for a type left to Avro and {@link
     * IllegalArgumentException} for bytes that are not a complete SimEvent as this codec reads it.
     */
    static SimEvent decode(byte[] bytes) {
        if (!SimEventCodec.ENABLED) {
            throw SimEventCodec.UNSUPPORTED;
        }
        Reader r = new Reader(bytes);
        SimEvent e = new SimEvent();
        e.setExperimentId(r.string());
        int kind = r.varint();
        if (kind < 0 || kind >= KINDS.length) {
            throw new IllegalArgumentException("enum index " + kind);
        }
        e.setKind(KINDS[kind]);
        e.setTimeUs(r.varlong());
        e.setProducer(r.string());
        e.setSeq(r.varlong());
        int branch = r.varint();
        e.setPayload(branch == 0 ? null : payload(r, branch - 2));
        ArrayList<BatchItem> batch = new ArrayList<>(0);
        for (long n = r.count(); n != 0; n = r.count()) {
            batch.ensureCapacity(batch.size() + (int) n);
            for (long i = 0; i < n; i++) {
                BatchItem item = new BatchItem();
                item.setTimeUs(r.varlong());
                item.setPayload(payload(r, r.varint()));
                batch.add(item);
            }
        }
        e.setBatch(batch);
        if (r.pos != bytes.length) {
            throw new IllegalArgumentException("bytes left over after a complete record");
        }
        return e;
    }

    /** Reads the record of item-union branch {@code branch} (0 = Prompt). */
    private static Object payload(Reader r, int branch) {
        switch (branch) {
            case 0: {
                Prompt p = new Prompt();
                p.setPromptId(r.varlong());
                p.setPromptTokens(r.varint());
                ArrayList<Integer> tokens = new ArrayList<>(0);
                for (long n = r.count(); n != 0; n = r.count()) {
                    tokens.ensureCapacity(tokens.size() + (int) n);
                    for (long i = 0; i < n; i++) {
                        tokens.add(r.varint());
                    }
                }
                p.setResponseTokens(tokens);
                return p;
            }
            case 1:
                return trajectory(r);
            case 2:
                return scored(r);
            case 3: {
                PolicyVersion v = new PolicyVersion();
                v.setVersion(r.varint());
                v.setPublishedUs(r.varlong());
                v.setAvailableUs(r.varlong());
                v.setLast(r.bool());
                return v;
            }
            case 4: {
                EvalResult e = new EvalResult();
                e.setVersion(r.varint());
                e.setStartUs(r.varlong());
                e.setEndUs(r.varlong());
                e.setPrompts(r.varint());
                e.setDevices(r.varint());
                e.setDeviceSeconds(r.dbl());
                return e;
            }
            case 5: {
                StepReport s = new StepReport();
                s.setStep(r.varint());
                s.setBatchReadyUs(r.varlong());
                s.setStartUs(r.varlong());
                s.setEndUs(r.varlong());
                s.setAvailableUs(r.varlong());
                s.setTrajectories(r.varint());
                s.setDropped(r.varint());
                s.setTokens(r.varlong());
                s.setResponseTokens(r.varlong());
                s.setTrainSeconds(r.dbl());
                s.setSwitchOrSyncSeconds(r.dbl());
                s.setMeanStaleness(r.dbl());
                s.setMaxStaleness(r.varint());
                return s;
            }
            case 6: {
                TrajectoryOutcome o = new TrajectoryOutcome();
                o.setScored(scored(r));
                o.setTrained(r.bool());
                o.setStep(r.varint());
                o.setStaleness(r.varint());
                o.setTokenWeightedStaleness(r.dbl());
                o.setAborted(r.bool());
                return o;
            }
            case 8: {
                RunSummary s = new RunSummary();
                s.setJson(r.string());
                return s;
            }
            case 9: {
                StageFailure f = new StageFailure();
                f.setStage(r.string());
                f.setMessage(r.string());
                return f;
            }
            case -1: // the envelope's ExperimentSpec
            case 7: // StageReport
                if (branch < SimEventCodec.ITEM_UNION.size()) {
                    throw SimEventCodec.UNSUPPORTED;
                }
                // fall through
            default:
                throw new IllegalArgumentException("union index " + branch);
        }
    }

    private static ScoredTrajectory scored(Reader r) {
        ScoredTrajectory s = new ScoredTrajectory();
        s.setTrajectory(trajectory(r));
        s.setReward(r.dbl());
        s.setScoredUs(r.varlong());
        return s;
    }

    private static Trajectory trajectory(Reader r) {
        Trajectory t = new Trajectory();
        t.setTrajectoryId(r.varlong());
        t.setPromptId(r.varlong());
        t.setSampleIndex(r.varint());
        t.setPromptTokens(r.varint());
        t.setResponseTokens(r.varint());
        t.setInstance(r.varint());
        t.setDispatchUs(r.varlong());
        t.setStartUs(r.varlong());
        t.setEndUs(r.varlong());
        t.setStartVersion(r.varint());
        t.setEndVersion(r.varint());
        t.setInterruptions(r.varint());
        t.setPreemptions(r.varint());
        ArrayList<VersionSpan> spans = new ArrayList<>(0);
        for (long n = r.count(); n != 0; n = r.count()) {
            spans.ensureCapacity(spans.size() + (int) n);
            for (long i = 0; i < n; i++) {
                VersionSpan s = new VersionSpan();
                s.setVersion(r.varint());
                s.setTokens(r.varint());
                spans.add(s);
            }
        }
        t.setSpans(spans);
        t.setRequeues(r.varint());
        t.setRound(r.varint());
        return t;
    }

    /** Reads Avro's primitive encodings from an array, every length checked against the bytes left. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        private byte next() {
            if (pos >= buf.length) {
                throw new IllegalArgumentException("record ends early");
            }
            return buf[pos++];
        }

        /**
         * Where 10 bytes are left (the longest long), reads without checking the end at every byte: the JIT compilers
         * the Flink commands run with (C1) keep the field reads and writes of a loop otherwise (docs/performance.md,
         * "Fifteenth session"). Near the end, byte by byte as before; the same values and errors either way.
         */
        long varlong() {
            byte[] b = buf;
            int p = pos;
            if (b.length - p < 10) {
                return varlongNearEnd();
            }
            long n = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                int x = b[p++];
                n |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    pos = p;
                    return (n >>> 1) ^ -(n & 1);
                }
            }
            throw new IllegalArgumentException("invalid long encoding");
        }

        private long varlongNearEnd() {
            long n = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                int b = next() & 0xFF;
                n |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (n >>> 1) ^ -(n & 1);
                }
            }
            throw new IllegalArgumentException("invalid long encoding");
        }

        /** As {@link #varlong()}, for the 5 bytes of the longest int. */
        int varint() {
            byte[] b = buf;
            int p = pos;
            if (b.length - p < 5) {
                return varintNearEnd();
            }
            int n = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int x = b[p++];
                n |= (x & 0x7F) << shift;
                if (x >= 0) {
                    pos = p;
                    return (n >>> 1) ^ -(n & 1);
                }
            }
            throw new IllegalArgumentException("invalid int encoding");
        }

        private int varintNearEnd() {
            int n = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = next() & 0xFF;
                n |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (n >>> 1) ^ -(n & 1);
                }
            }
            throw new IllegalArgumentException("invalid int encoding");
        }

        boolean bool() {
            return next() == 1;
        }

        double dbl() {
            byte[] b = buf;
            int p = pos;
            if (b.length - p < 8) {
                throw new IllegalArgumentException("record ends early");
            }
            long bits = (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24
                    | (b[p + 4] & 0xFFL) << 32 | (b[p + 5] & 0xFFL) << 40 | (b[p + 6] & 0xFFL) << 48
                    | (b[p + 7] & 0xFFL) << 56;
            pos = p + 8;
            return Double.longBitsToDouble(bits);
        }

        String string() {
            long length = varlong();
            if (length < 0 || length > buf.length - pos) {
                throw new IllegalArgumentException("string of " + length + " bytes where "
                        + (buf.length - pos) + " are left");
            }
            String s = new String(buf, pos, (int) length, StandardCharsets.UTF_8);
            pos += (int) length;
            return s;
        }

        /**
         * The item count of the next array block (0 ends the array). Every item takes at least one byte here,
         * so a count larger than the bytes left is corrupt. A negative count (a block with its byte size) is
         * not written by Avro's binary encoder and is left to Avro.
         */
        long count() {
            long n = varlong();
            if (n < 0) {
                throw SimEventCodec.UNSUPPORTED;
            }
            if (n > buf.length - pos) {
                throw new IllegalArgumentException("array block of " + n + " items where "
                        + (buf.length - pos) + " bytes are left");
            }
            return n;
        }
    }
}
