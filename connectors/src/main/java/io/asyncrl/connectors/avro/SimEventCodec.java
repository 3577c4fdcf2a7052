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
    static final List<String> ITEM_UNION = ENVELOPE_UNION.subList(2, ENVELOPE_UNION.size());

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

    private SimEventCodec() {
    }

    /** Thrown when a record holds a type this codec leaves to Avro. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    static final Unsupported UNSUPPORTED = new Unsupported();

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

    /** The Avro binary of {@code e}, or null if it holds a type this codec leaves to Avro. */
    static byte[] encode(SimEvent e) {
        return SimEventWriter.encode(e);
    }

    /**
     * Decodes {@code bytes} as a SimEvent. Throws {@link Unsupported} for a type left to Avro and {@link
     * IllegalArgumentException} for bytes that are not a complete SimEvent as this codec reads it.
     */
    static SimEvent decode(byte[] bytes) {
        return SimEventReader.decode(bytes);
    }
}
