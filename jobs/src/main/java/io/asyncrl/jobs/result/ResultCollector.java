package io.asyncrl.jobs.result;

import io.asyncrl.connectors.kafka.SimEventConsumer;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.operators.stage.Batches;
import io.asyncrl.operators.stage.Dedup;
import io.asyncrl.schemas.EvalResult;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one experiment's results back from the metrics, summaries and eval-results topics: step
 * reports and trajectory outcomes while it runs, then the summary. Used by the local runner (run.LocalRunner)
 * (results of the run it started) and by the service commands {@code watch} and {@code fetch}
 * (results of an experiment a long-running job computes). Every topic is read from its beginning,
 * so it can be opened before, during or after the run. Not thread-safe.
 */
public final class ResultCollector implements AutoCloseable {
    /** How long finishing may take to read what the topics hold once the summary is there. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final String experimentId;
    private final SimEventConsumer metrics;
    private final SimEventConsumer summaries;
    private final SimEventConsumer evals;
    private final List<StepReport> steps = new ArrayList<>();
    private final OutcomeColumns outcomes = new OutcomeColumns();
    private String summary;
    /**
     * What was applied, per producer: replays after a restore are dropped, as a stage's {@link Dedup} drops them (a
     * producer's records reach the experiment's partition in order, replays after what they replay).
     */
    private final Dedup applied = new Dedup();

    public ResultCollector(String bootstrap, String topicPrefix, String experimentId) {
        this.experimentId = experimentId;
        SimEventConsumer m = null;
        SimEventConsumer s = null;
        try {
            m = new SimEventConsumer(bootstrap, Topic.METRICS.name(topicPrefix), experimentId);
            s = new SimEventConsumer(bootstrap, Topic.SUMMARIES.name(topicPrefix), experimentId);
            this.evals = new SimEventConsumer(bootstrap, Topic.EVAL_RESULTS.name(topicPrefix), experimentId);
        } catch (RuntimeException e) {
            closeAll(m, s);
            throw e;
        }
        this.metrics = m;
        this.summaries = s;
    }

    /**
     * Waits up to {@code timeout} for metrics, tells {@code progress} about each step report, then
     * looks for the summary without waiting. Returns true once the summary has arrived.
     */
    public boolean poll(Duration timeout, int totalSteps, Duration wallSoFar, ProgressListener progress) {
        for (SimEvent e : metrics.pollRecords(timeout)) {
            forEachItem(e, s -> progress.step(s, totalSteps, wallSoFar));
        }
        for (SimEvent e : summaries.poll(Duration.ZERO)) {
            // the first one: the topic is written at least once, and after a recovery the summary stage may
            // publish again from replayed input (SoakITCase once read a second summary of zeros in the same poll)
            if (summary == null && e.getKind() == EventKind.DATA && e.getPayload() instanceof RunSummary s) {
                summary = s.getJson();
            }
        }
        return summary != null;
    }

    /** The summary JSON, or null while it has not arrived. */
    public String summary() {
        return summary;
    }

    /** Step reports read so far, in arrival order. */
    public List<StepReport> steps() {
        return List.copyOf(steps);
    }

    /**
     * Once the summary has arrived: reads what the metrics and eval-results topics still hold and
     * returns the whole result, steps sorted by step and trajectories by id.
     */
    public RunResult finish(Duration wallTime) {
        if (summary == null) {
            throw new IllegalStateException("experiment " + experimentId + " has no summary yet");
        }
        ExperimentFailedException.throwIfFailed(experimentId, summary);
        // The summary is published after every stage's END: read what the metrics and eval-results topics hold.
        for (SimEvent e : metrics.drainRecords(DRAIN_TIMEOUT)) {
            forEachItem(e, s -> { });
        }
        List<EvalResult> evalResults = new ArrayList<>();
        for (SimEvent e : evals.drain(DRAIN_TIMEOUT)) {
            if (e.getPayload() instanceof EvalResult r && applied.accept(EventKind.DATA, e.getProducer(), e.getSeq())) {
                evalResults.add(r);
            }
        }
        List<StepReport> sortedSteps = new ArrayList<>(steps);
        sortedSteps.sort(Comparator.comparingInt(StepReport::getStep));
        return new RunResult(experimentId, summary, sortedSteps, outcomes.sortedById(), evalResults, wallTime);
    }

    /**
     * Keeps the records a metrics record stands for that are read for the first time: step reports (also handed to
     * {@code steps}) and trajectory outcomes. A BATCH's item i is the DATA record (producer, seq + i, item payload),
     * taken without an envelope each (docs/performance.md, eighteenth session).
     */
    private void forEachItem(SimEvent e, Consumer<StepReport> stepReports) {
        Batches.forEachItem(e, (kind, timeUs, producer, seq, payload) -> take(producer, seq, payload, stepReports));
    }

    private void take(String producer, long seq, Object payload, Consumer<StepReport> stepReports) {
        if (!applied.accept(EventKind.DATA, producer, seq)) {
            return;
        }
        if (payload instanceof StepReport s) {
            steps.add(s);
            stepReports.accept(s);
        } else if (payload instanceof TrajectoryOutcome o) {
            outcomes.add(o);
        }
    }

    @Override
    public void close() {
        closeAll(metrics, summaries, evals);
    }

    private static void closeAll(SimEventConsumer... consumers) {
        for (SimEventConsumer c : consumers) {
            if (c != null) {
                c.close();
            }
        }
    }
}
