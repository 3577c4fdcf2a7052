package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.sim.summary.SummaryBuilder;
import io.asyncrl.operators.sim.summary.SummaryState;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StageFailure;
import io.asyncrl.schemas.StageReport;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.TrajectoryOutcome;

/**
 * Folds an experiment's metrics topic into its summary and publishes it once every stage has
 * reported its END. Needs no watermark: the summary depends only on the set of records.
 */
public final class SummaryStage implements StageState {
    SummaryBuilder builder = new SummaryBuilder();
    Dedup dedup = new Dedup();
    StageOutputStamp stamp = new StageOutputStamp("summary");
    boolean ended;
    boolean failed;

    public SummaryStage() {}

    public boolean ended() {
        return ended;
    }

    /** The experiment ended because a stage failed on it (its summary says which and why). */
    public boolean failed() {
        return failed;
    }

    public void onEvent(SimEvent e, StageOutput output) {
        // a BATCH's items without an envelope each (docs/performance.md, eighteenth session)
        Batches.forEachItem(e, (kind, timeUs, producer, seq, payload) ->
                apply(e.getExperimentId(), kind, timeUs, producer, seq, payload, output));
    }

    private void apply(String id, EventKind kind, long timeUs, String producer, long seq, Object p,
            StageOutput output) {
        if (ended || !dedup.accept(kind, producer, seq)) {
            return;
        }
        if (kind == EventKind.SPEC && p instanceof ExperimentSpec s && !builder.hasSpec()) {
            builder.spec(s);
        } else if (p instanceof StepReport r) {
            builder.step(r);
        } else if (p instanceof TrajectoryOutcome o) {
            builder.outcome(o, timeUs);
        } else if (kind == EventKind.END && p instanceof StageReport r) {
            builder.stage(r, producer);
        } else if (p instanceof StageFailure f) {
            StageOutput out = stamp.wrap(output);
            out.emit(Envelopes.data(id, 0L, new RunSummary(Envelopes.failedSummaryJson(id, f))));
            out.emit(Envelopes.end(id, 0L, null));
            ended = true;
            failed = true;
            return;
        }
        if (builder.complete()) {
            StageOutput out = stamp.wrap(output);
            out.emit(Envelopes.data(id, 0L, new RunSummary(builder.json())));
            out.emit(Envelopes.end(id, 0L, null));
            ended = true;
        }
    }

    @Override
    public void writeState(java.io.DataOutput out) throws java.io.IOException {
        SummaryState.write(builder, out);
        dedup.write(out);
        stamp.write(out);
        out.writeBoolean(ended);
        out.writeBoolean(failed);
    }

    @Override
    public void readState(java.io.DataInput in) throws java.io.IOException {
        builder = SummaryState.read(in);
        dedup = Dedup.read(in);
        stamp = StageOutputStamp.read(in);
        ended = in.readBoolean();
        failed = in.readBoolean();
    }
}
