package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.Shard;
import io.asyncrl.operators.sim.core.Emitter;
import io.asyncrl.operators.sim.core.ExperimentSpecHolder;
import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.sim.core.StageSimulator;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StageReport;
import io.asyncrl.operators.sim.core.StateIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;

/**
 * One pipeline stage of one experiment, driven by envelopes: the per-experiment watermark protocol
 * lives here, the simulation in the subclass.
 *
 * <p>Each input keeps the highest WATERMARK seen. The stage acts up to the minimum over its inputs
 * (nothing earlier can still arrive there), then publishes its own watermark: the subclass's proof
 * of the earliest time it could still emit anything. That lookahead is what lets the feedback cycle
 * advance a training step per round trip instead of a decode iteration.
 *
 * <p>State is cleared by the owner once {@link #ended()} is true: everything here is per experiment.
 */
public abstract class Stage<S extends StageSimulator> implements StageState {
    ExperimentSpecHolder spec;
    String experiment;
    long[] watermarks;
    long lastWatermark = SimTime.UNKNOWN;
    boolean ended;
    /** Envelopes that came before the SPEC, as (input, Avro bytes); replayed once the spec is known. */
    ArrayList<Integer> earlyInputs = new ArrayList<>();
    ArrayList<byte[]> earlyEvents = new ArrayList<>();
    StageOutputStamp stamp;
    Dedup dedup = new Dedup();
    /** Per-shard watermarks and ENDs of inputs that a split producer writes ({@link Shard}). */
    ShardedInputs sharded;
    /** The simulation, created by {@link #start} from the resolved parameters. */
    protected S sim;
    private transient SimParams params;

    protected Stage(String name, int inputs) {
        this.stamp = new StageOutputStamp(name);
        this.watermarks = new long[inputs];
        Arrays.fill(watermarks, SimTime.UNKNOWN);
        this.sharded = new ShardedInputs(inputs);
    }

    public final boolean ended() {
        return ended;
    }

    public final String experiment() {
        return experiment;
    }

    protected final SimParams params() {
        return params;
    }

    public final void onEvent(int input, SimEvent e, ParamsResolver resolver, StageOutput output) {
        if (e.getKind() == EventKind.BATCH) {
            onBatch(input, e, resolver, output);
            return;
        }
        if (ended || !dedup.accept(e)) {
            return;
        }
        handle(input, e, resolver, stamp.wrap(output));
    }

    /**
     * A BATCH's items, each applied as the DATA record it stands for ({@link Batches}). Once the spec is known a DATA
     * record's payload is all that is read of it, so the items go to {@link #onData} without an envelope each (an
     * envelope, its boxed fields and an output wrapper per item were about 10% of the bytes a 250-step bench
     * allocated: docs/performance.md, eighteenth session); before it, as envelopes kept for the replay.
     */
    private void onBatch(int input, SimEvent e, ParamsResolver resolver, StageOutput output) {
        if (spec == null) {
            Batches.forEach(e, item -> onEvent(input, item, resolver, output));
            return;
        }
        Batches.forEachItem(e, (kind, timeUs, producer, seq, payload) -> {
            if (!ended && dedup.accept(kind, producer, seq)) {
                attachParams(resolver);
                onData(input, payload);
            }
        });
    }

    private void attachParams(ParamsResolver resolver) {
        if (params == null) {
            params = resolver.resolve(spec.get());
            attach(params);
        }
    }

    private void handle(int input, SimEvent e, ParamsResolver resolver, StageOutput out) {
        if (e.getKind() == EventKind.SPEC) {
            if (spec == null) {
                ExperimentSpec s = (ExperimentSpec) e.getPayload();
                spec = new ExperimentSpecHolder(s);
                experiment = s.getId();
                params = resolver.resolve(s);
                start(params, out);
                if (!ended) {
                    replayEarly(resolver, out);
                }
            }
            return;
        }
        if (spec == null) {
            earlyInputs.add(input);
            earlyEvents.add(ExperimentSpecHolder.encode(e));
            return;
        }
        attachParams(resolver);
        switch (e.getKind()) {
            case DATA -> onData(input, e.getPayload());
            case WATERMARK -> {
                Shard from = Shard.parse(e.getProducer());
                long w = from == null ? e.getTimeUs() : sharded.watermark(input, from, e.getTimeUs());
                watermarks[input] = Math.max(watermarks[input], w);
                advance(out);
            }
            case END -> {
                Shard from = Shard.parse(e.getProducer());
                if (from == null || sharded.end(input, from)) {
                    onEnd(input, out);
                }
            }
            default -> throw new IllegalStateException("unexpected " + e.getKind());
        }
    }

    private void replayEarly(ParamsResolver resolver, StageOutput out) {
        for (int i = 0; i < earlyEvents.size(); i++) {
            handle(earlyInputs.get(i), ExperimentSpecHolder.decode(earlyEvents.get(i), SimEvent.class),
                    resolver, out);
        }
        earlyInputs.clear();
        earlyEvents.clear();
    }

    /**
     * Names this stage's records as shard {@code index} of {@code count} ({@link Shard}); called from
     * {@link #start}, before anything is emitted.
     */
    protected final void produceAs(int index, int count) {
        stamp.producer = Shard.producer(stamp.producer, index, count);
    }

    /**
     * Ends the stage without a record: a shard with nothing to simulate for this experiment (its
     * spec cannot be split that far) takes no part in it. Called from {@link #start}.
     */
    protected final void endSilently() {
        ended = true;
    }

    protected final long inputWatermark() {
        long w = Long.MAX_VALUE;
        for (long x : watermarks) {
            w = Math.min(w, x);
        }
        return w;
    }

    /** Advances the simulation to the inputs' watermark and publishes the output watermark. */
    protected final void advance(StageOutput out) {
        long w = inputWatermark();
        long bound = simulate(w, emitter(out));
        afterSimulate(out);
        if (!ended && bound > lastWatermark) {
            lastWatermark = bound;
            out.emit(Envelopes.watermark(experiment, bound));
        }
    }

    /**
     * Ends the experiment, the one way every stage ends: the simulator emits what is left and returns
     * its totals ({@link StageSimulator#finish}); the totals go to the metrics topic at the report's
     * end time and the output topic is closed (WATERMARK at the end of time, then END).
     *
     * @param endUs the stage's view of the end, for simulators that do not track their own
     */
    protected final void finish(long endUs, StageOutput out) {
        StageReport report = sim.finish(endUs, emitter(out));
        out.metric(Envelopes.end(experiment, report.getEndUs(), report));
        out.emit(Envelopes.watermark(experiment, SimTime.NEVER));
        out.emit(Envelopes.end(experiment, report.getEndUs(), null));
        ended = true;
    }

    protected final Emitter emitter(StageOutput out) {
        return new Emitter() {
            @Override
            public void data(long timeUs, SpecificRecord payload) {
                out.emit(Envelopes.data(experiment, timeUs, payload));
            }

            @Override
            public void metric(long timeUs, SpecificRecord payload) {
                out.metric(Envelopes.data(experiment, timeUs, payload));
            }
        };
    }

    /** Creates the simulator ({@link #sim}) from resolved parameters and emits what the stage sends first. */
    protected abstract void start(SimParams params, StageOutput out);

    private void attach(SimParams params) {
        sim.attach(params);
    }

    protected abstract void onData(int input, Object payload);

    private long simulate(long watermarkUs, Emitter emitter) {
        return sim.advance(watermarkUs, emitter);
    }

    protected abstract void onEnd(int input, StageOutput out);

    /** A hook after each simulation advance, before the watermark goes out (e.g. to finish). */
    protected void afterSimulate(StageOutput out) {}

    /**
     * Writes the stage's state: the watermark protocol's fields here, then the subclass's
     * ({@link #writeSimulator}). The resolved parameters are not state: they are re-attached from the
     * spec on the first event after a restore.
     */
    @Override
    public final void writeState(DataOutput out) throws IOException {
        StateIo.writeSpec(spec, out);
        out.writeBoolean(experiment != null);
        if (experiment != null) {
            out.writeUTF(experiment);
        }
        StateIo.writeLongs(watermarks, out);
        out.writeLong(lastWatermark);
        out.writeBoolean(ended);
        StateIo.writeList(earlyInputs, (x, o) -> o.writeInt(x), out);
        StateIo.writeList(earlyEvents, StateIo::writeBytes, out);
        stamp.write(out);
        dedup.write(out);
        sharded.write(out);
        out.writeBoolean(sim != null);
        if (sim != null) {
            writeSimulator(out);
        }
    }

    @Override
    public final void readState(DataInput in) throws IOException {
        spec = StateIo.readSpec(in);
        experiment = in.readBoolean() ? in.readUTF() : null;
        watermarks = StateIo.readLongs(in);
        lastWatermark = in.readLong();
        ended = in.readBoolean();
        earlyInputs = StateIo.readList(DataInput::readInt, in);
        earlyEvents = StateIo.readList(StateIo::readBytes, in);
        stamp = StageOutputStamp.read(in);
        dedup = Dedup.read(in);
        sharded = ShardedInputs.read(in);
        sim = in.readBoolean() ? readSimulator(in) : null;
    }

    /** Writes {@link #sim} (never null here) and any field the subclass adds, with the simulator's state format. */
    protected abstract void writeSimulator(DataOutput out) throws IOException;

    /** Reads what {@link #writeSimulator} wrote; sets the subclass's own fields and returns the simulator. */
    protected abstract S readSimulator(DataInput in) throws IOException;
}
