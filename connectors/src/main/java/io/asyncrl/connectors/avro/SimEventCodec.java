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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * The Avro binary encoding of the {@link SimEvent}s that carry the simulation's traffic, written and read
 * by hand: the same bytes as Avro's {@code SpecificDatumWriter}, decoded to equal records, at a fraction
 * of the cost. A profile of the Flink + Kafka pipeline put Avro's writers and readers at over a quarter of
 * its CPU (docs/performance.md, fifth session): every trajectory is written and read on three topics, and
 * Avro's reader sets each field through a generic setter with boxing ({@code FastReaderBuilder}), while
 * its generated per-record decoder goes through a {@code ResolvingDecoder} and was slower still.
 *
 * <p>It covers the envelope and the payloads that make up the traffic: Prompt, Trajectory,
 * ScoredTrajectory, PolicyVersion, EvalResult, StepReport, TrajectoryOutcome, RunSummary, StageFailure and
 * BATCH records of them. A record holding anything else (an ExperimentSpec, a StageReport: once per
 * experiment) is left to Avro: {@link #encode} returns null and {@link #decode} throws {@link Unsupported}.
 * So is every record if the schemas no longer have the shape this class was written for ({@link #ENABLED},
 * checked once against the generated classes' schemas): a schema change can cost speed, never bytes.
 *
 * <p>Decoding is strict like {@link BoundedDecoder}: a length or item count larger than the bytes left, an
 * overlong varint, an out-of-range enum or union index and bytes left over all fail before anything is
 * allocated for them. {@link AvroSerde} then decodes the same bytes with Avro, so a corrupt record is
 * reported with Avro's reason, and bytes that only Avro's general reader accepts (array blocks with byte
 * sizes, which Avro's own writers do not write) still decode.
 */
final class SimEventCodec {
    /** The payload union's branches in SimEvent.payload, in schema order. */
    private static final List<String> ENVELOPE_UNION = List.of("null", "ExperimentSpec", "Prompt", "Trajectory",
            "ScoredTrajectory", "PolicyVersion", "EvalResult", "StepReport", "TrajectoryOutcome", "StageReport",
            "RunSummary", "StageFailure");
    /** The same for BatchItem.payload. */
    private static final List<String> ITEM_UNION = ENVELOPE_UNION.subList(2, ENVELOPE_UNION.size());

    /** Each record's fields (name:type) in the order this class writes and reads them. */
    private static final String SHAPE = String.join("\n",
            "SimEvent{experiment_id:string,kind:enum[SPEC,DATA,WATERMARK,END,BATCH],time_us:long,producer:string,"
                    + "seq:long,payload:union,batch:array<BatchItem>}",
            "BatchItem{time_us:long,payload:union}",
            "Prompt{prompt_id:long,prompt_tokens:int,response_tokens:array<int>}",
            "Trajectory{trajectory_id:long,prompt_id:long,sample_index:int,prompt_tokens:int,response_tokens:int,"
                    + "instance:int,dispatch_us:long,start_us:long,end_us:long,start_version:int,end_version:int,"
                    + "interruptions:int,preemptions:int,spans:array<VersionSpan>,requeues:int,round:int}",
            "VersionSpan{version:int,tokens:int}",
            "ScoredTrajectory{trajectory:Trajectory,reward:double,scored_us:long}",
            "PolicyVersion{version:int,published_us:long,available_us:long,last:boolean}",
            "EvalResult{version:int,start_us:long,end_us:long,prompts:int,devices:int,device_seconds:double}",
            "StepReport{step:int,batch_ready_us:long,start_us:long,end_us:long,available_us:long,trajectories:int,"
                    + "dropped:int,tokens:long,response_tokens:long,train_seconds:double,"
                    + "switch_or_sync_seconds:double,mean_staleness:double,max_staleness:int}",
            "TrajectoryOutcome{scored:ScoredTrajectory,trained:boolean,step:int,staleness:int,"
                    + "token_weighted_staleness:double,aborted:boolean}",
            "RunSummary{json:string}",
            "StageFailure{stage:string,message:string}");

    /** Whether the generated schemas have the shape above; if not, everything goes to Avro. */
    static final boolean ENABLED = SHAPE.equals(shapeOfSchemas());

    private static final EventKind[] KINDS = EventKind.values();

    private SimEventCodec() {
    }

    /** Thrown when a record holds a type this codec leaves to Avro. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final Unsupported UNSUPPORTED = new Unsupported();

    /** The schemas' shape in the notation of {@link #SHAPE}. */
    static String shapeOfSchemas() {
        Schema event = SimEvent.getClassSchema();
        Schema item = BatchItem.getClassSchema();
        List<String> unionOfEvent = branches(event.getField("payload").schema());
        List<String> unionOfItem = branches(item.getField("payload").schema());
        if (!unionOfEvent.equals(ENVELOPE_UNION) || !unionOfItem.equals(ITEM_UNION)) {
            return "unions " + unionOfEvent + " " + unionOfItem;
        }
        return Arrays.asList(event, item, Prompt.getClassSchema(), Trajectory.getClassSchema(),
                        VersionSpan.getClassSchema(), ScoredTrajectory.getClassSchema(),
                        PolicyVersion.getClassSchema(), EvalResult.getClassSchema(), StepReport.getClassSchema(),
                        TrajectoryOutcome.getClassSchema(), RunSummary.getClassSchema(),
                        StageFailure.getClassSchema())
                .stream().map(SimEventCodec::shape).collect(Collectors.joining("\n"));
    }

    private static List<String> branches(Schema union) {
        return union.getTypes().stream().map(Schema::getName).toList();
    }

    private static String shape(Schema record) {
        return record.getName() + record.getFields().stream()
                .map(f -> f.name() + ":" + type(f.schema()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String type(Schema s) {
        return switch (s.getType()) {
            case ARRAY -> "array<" + type(s.getElementType()) + ">";
            case ENUM -> "enum" + s.getEnumSymbols().toString().replace(" ", "");
            case RECORD -> s.getName();
            default -> s.getType().getName();
        };
    }

    // ---------------------------------------------------------------- encoding

    /** The Avro binary of {@code e}, or null if it holds a type this codec leaves to Avro. */
    static byte[] encode(SimEvent e) {
        if (!ENABLED) {
            return null;
        }
        Writer w = new Writer(64 + 64 * (e.getBatch() == null ? 0 : e.getBatch().size()));
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
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        private void room(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        void varint(int v) {
            varlong(v);
        }

        /** Zig-zag, then 7 bits a byte, low bits first. */
        void varlong(long v) {
            room(10);
            long n = (v << 1) ^ (v >> 63);
            while ((n & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            buf[pos++] = (byte) n;
        }

        void bool(boolean b) {
            room(1);
            buf[pos++] = (byte) (b ? 1 : 0);
        }

        /** Little-endian IEEE 754 bits. */
        void dbl(double d) {
            room(8);
            long bits = Double.doubleToRawLongBits(d);
            for (int i = 0; i < 8; i++) {
                buf[pos++] = (byte) (bits >>> (8 * i));
            }
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

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes {@code bytes} as a SimEvent. Throws {@link Unsupported} for a type left to Avro and {@link
     * IllegalArgumentException} for bytes that are not a complete SimEvent as this codec reads it.
     */
    static SimEvent decode(byte[] bytes) {
        if (!ENABLED) {
            throw UNSUPPORTED;
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
                if (branch < ITEM_UNION.size()) {
                    throw UNSUPPORTED;
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

        long varlong() {
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

        int varint() {
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
            if (buf.length - pos < 8) {
                throw new IllegalArgumentException("record ends early");
            }
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits |= (buf[pos + i] & 0xFFL) << (8 * i);
            }
            pos += 8;
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
                throw UNSUPPORTED;
            }
            if (n > buf.length - pos) {
                throw new IllegalArgumentException("array block of " + n + " items where "
                        + (buf.length - pos) + " bytes are left");
            }
            return n;
        }
    }
}
