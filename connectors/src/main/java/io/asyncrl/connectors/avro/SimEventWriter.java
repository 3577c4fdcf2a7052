package io.asyncrl.connectors.avro;

import io.asyncrl.schemas.BatchItem;
import io.asyncrl.schemas.EvalResult;
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
import java.util.Arrays;
import java.util.List;

/**
 * The writing half of {@link SimEventCodec}: Avro's binary encoding of a {@link SimEvent}, the same bytes as
 * Avro's {@code SpecificDatumWriter} (specification, "Binary Encoding"), or null for a record that holds a
 * type the codec leaves to Avro.
 */
final class SimEventWriter {
    private SimEventWriter() {
    }

    /** The Avro binary of {@code e}, or null if it holds a type this codec leaves to Avro. */
    static byte[] encode(SimEvent e) {
        if (!SimEventCodec.ENABLED) {
            return null;
        }
        Writer w = Writer.forThisThread();
        w.string(e.getExperimentId());
        w.varint(e.getKind().ordinal());
        w.varlong(e.getTimeUs());
        w.string(e.getProducer());
        w.varlong(e.getSeq());
        Object payload = e.getPayload();
        if (payload == null) {
            w.varint(0);
        } else if (!payload(w, payload, 2)) {
            return null;
        }
        List<BatchItem> batch = e.getBatch();
        if (!batch.isEmpty()) {
            w.varlong(batch.size());
            for (BatchItem item : batch) {
                w.varlong(item.getTimeUs());
                if (!payload(w, item.getPayload(), 0)) {
                    return null;
                }
            }
        }
        w.varint(0);
        return w.bytes();
    }

    /** Writes a union branch index (Prompt's index is {@code promptIndex}) and the record; false if unsupported. */
    private static boolean payload(Writer w, Object p, int promptIndex) {
        if (p instanceof ScoredTrajectory s) {
            w.varint(promptIndex + 2);
            scored(w, s);
        } else if (p instanceof Trajectory t) {
            w.varint(promptIndex + 1);
            trajectory(w, t);
        } else if (p instanceof TrajectoryOutcome o) {
            w.varint(promptIndex + 6);
            scored(w, o.getScored());
            w.bool(o.getTrained());
            w.varint(o.getStep());
            w.varint(o.getStaleness());
            w.dbl(o.getTokenWeightedStaleness());
            w.bool(o.getAborted());
        } else if (p instanceof Prompt q) {
            w.varint(promptIndex);
            w.varlong(q.getPromptId());
            w.varint(q.getPromptTokens());
            List<Integer> tokens = q.getResponseTokens();
            if (!tokens.isEmpty()) {
                w.varlong(tokens.size());
                for (Integer t : tokens) {
                    w.varint(t);
                }
            }
            w.varint(0);
        } else if (p instanceof PolicyVersion v) {
            w.varint(promptIndex + 3);
            w.varint(v.getVersion());
            w.varlong(v.getPublishedUs());
            w.varlong(v.getAvailableUs());
            w.bool(v.getLast());
        } else if (p instanceof EvalResult r) {
            w.varint(promptIndex + 4);
            w.varint(r.getVersion());
            w.varlong(r.getStartUs());
            w.varlong(r.getEndUs());
            w.varint(r.getPrompts());
            w.varint(r.getDevices());
            w.dbl(r.getDeviceSeconds());
        } else if (p instanceof StepReport r) {
            w.varint(promptIndex + 5);
            w.varint(r.getStep());
            w.varlong(r.getBatchReadyUs());
            w.varlong(r.getStartUs());
            w.varlong(r.getEndUs());
            w.varlong(r.getAvailableUs());
            w.varint(r.getTrajectories());
            w.varint(r.getDropped());
            w.varlong(r.getTokens());
            w.varlong(r.getResponseTokens());
            w.dbl(r.getTrainSeconds());
            w.dbl(r.getSwitchOrSyncSeconds());
            w.dbl(r.getMeanStaleness());
            w.varint(r.getMaxStaleness());
        } else if (p instanceof RunSummary r) {
            w.varint(promptIndex + 8);
            w.string(r.getJson());
        } else if (p instanceof StageFailure f) {
            w.varint(promptIndex + 9);
            w.string(f.getStage());
            w.string(f.getMessage());
        } else {
            return false;
        }
        return true;
    }

    private static void scored(Writer w, ScoredTrajectory s) {
        trajectory(w, s.getTrajectory());
        w.dbl(s.getReward());
        w.varlong(s.getScoredUs());
    }

    private static void trajectory(Writer w, Trajectory t) {
        w.varlong(t.getTrajectoryId());
        w.varlong(t.getPromptId());
        w.varint(t.getSampleIndex());
        w.varint(t.getPromptTokens());
        w.varint(t.getResponseTokens());
        w.varint(t.getInstance());
        w.varlong(t.getDispatchUs());
        w.varlong(t.getStartUs());
        w.varlong(t.getEndUs());
        w.varint(t.getStartVersion());
        w.varint(t.getEndVersion());
        w.varint(t.getInterruptions());
        w.varint(t.getPreemptions());
        List<VersionSpan> spans = t.getSpans();
        if (!spans.isEmpty()) {
            w.varlong(spans.size());
            for (VersionSpan s : spans) {
                w.varint(s.getVersion());
                w.varint(s.getTokens());
            }
        }
        w.varint(0);
        w.varint(t.getRequeues());
        w.varint(t.getRound());
    }

    /** A growing byte array with Avro's primitive encodings (specification, "Binary Encoding"). */
    private static final class Writer {
        /** Kept up to this size between records; one grown larger by a rare huge record is replaced at the next. */
        private static final int KEEP_BYTES = 1 << 20;
        /**
         * One per thread, reused from record to record: a batch no longer allocates, grows and copies an array of
         * its size before the copy {@link #bytes()} returns (docs/performance.md, "Fifteenth session").
         */
        private static final ThreadLocal<Writer> PER_THREAD = ThreadLocal.withInitial(() -> new Writer(64 << 10));

        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        /** This thread's writer, empty. {@link SimEventWriter#encode} does not call itself, so one is enough. */
        static Writer forThisThread() {
            Writer w = PER_THREAD.get();
            if (w.buf.length > KEEP_BYTES) {
                w.buf = new byte[64 << 10];
            }
            w.pos = 0;
            return w;
        }

        private void room(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        /** Avro's int: 32-bit zig-zag, then as {@link #varlong}. */
        void varint(int v) {
            room(5);
            byte[] b = buf;
            int p = pos;
            int n = (v << 1) ^ (v >> 31);
            while ((n & ~0x7F) != 0) {
                b[p++] = (byte) ((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            b[p++] = (byte) n;
            pos = p;
        }

        /**
         * Zig-zag, then 7 bits a byte, low bits first. In locals, so that C1 (the Flink commands' JIT) does not store
         * the position at every byte (docs/performance.md, "Fifteenth session").
         */
        void varlong(long v) {
            room(10);
            byte[] b = buf;
            int p = pos;
            long n = (v << 1) ^ (v >> 63);
            while ((n & ~0x7FL) != 0) {
                b[p++] = (byte) ((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            b[p++] = (byte) n;
            pos = p;
        }

        void bool(boolean b) {
            room(1);
            buf[pos++] = (byte) (b ? 1 : 0);
        }

        /** Little-endian IEEE 754 bits. */
        void dbl(double d) {
            room(8);
            long bits = Double.doubleToRawLongBits(d);
            byte[] b = buf;
            int p = pos;
            for (int i = 0; i < 8; i++) {
                b[p + i] = (byte) (bits >>> (8 * i));
            }
            pos = p + 8;
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varlong(utf8.length);
            room(utf8.length);
            System.arraycopy(utf8, 0, buf, pos, utf8.length);
            pos += utf8.length;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, pos);
        }
    }

}
