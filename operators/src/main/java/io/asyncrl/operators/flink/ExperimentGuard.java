package io.asyncrl.operators.flink;

import io.asyncrl.operators.stage.Envelopes;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StageFailure;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one experiment's error inside that experiment. A stage's simulation that throws for an experiment
 * (a bug, or a spec the validator let through that the model cannot run) would otherwise fail the task,
 * restart it from the checkpoint, fail again on the same deterministic input and finally fail the job with
 * every other experiment in it. Instead the stage gives up on that experiment only: it reports a
 * {@link StageFailure} on the metrics topic (the summary turns it into a failed summary that names the
 * stage and the error), closes its output topic for the experiment (WATERMARK NEVER and END, so the
 * stages downstream finish), drops the experiment's state and keeps a mark, kept a day, that makes it
 * ignore the experiment's later records. The same input gives the same failure after a restore, so the
 * records are the same too. Injected failures ({@link FaultInjection.InjectedFailure}) still fail the
 * task: they stand for lost machines, which recovery is for.
 */
final class ExperimentGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentGuard.class);

    private ExperimentGuard() {}

    /**
     * How long a per-experiment mark (failed, ended, summarised) is kept: a day. No background cleanup: the heap
     * backend's default incremental cleanup started a scan of the (nearly always empty) state table on every record,
     * ~10% of a stage's CPU (docs/performance.md). An expired mark is never read; it is dropped when its key is next
     * accessed, and left out of every checkpoint (cleanup in full snapshot: the heap backend's snapshots are full
     * ones), so the marks of finished experiments do not pile up in a service's checkpoints, and a restore sheds them.
     */
    static final StateTtlConfig MARK_TTL = StateTtlConfig.newBuilder(Duration.ofDays(1)).disableCleanupInBackground()
            .cleanupFullSnapshot().build();

    /** A per-experiment yes-mark named {@code name} (an experiment ended, summarised), kept a day. */
    static ValueStateDescriptor<Boolean> mark(String name) {
        ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>(name, Types.BOOLEAN);
        d.enableTimeToLive(MARK_TTL);
        return d;
    }

    /** The mark of an experiment a stage gave up on: the error message, kept a day. */
    static ValueStateDescriptor<String> failedDescriptor() {
        ValueStateDescriptor<String> d = new ValueStateDescriptor<>("failed", Types.STRING);
        d.enableTimeToLive(MARK_TTL);
        return d;
    }

    /** A stage's work on one record, which may throw. */
    interface Work {
        void run() throws Exception;
    }

    /**
     * Runs {@code work}; when it throws anything but an injected failure, reports the failure of
     * {@code e}'s experiment in {@code stage} and returns the message, else returns null.
     */
    static String run(String stage, SimEvent e, Work work, Collector<SimEvent> out, Consumer<SimEvent> metrics)
            throws Exception {
        try {
            work.run();
            return null;
        } catch (FaultInjection.InjectedFailure injected) {
            throw injected;
        } catch (RuntimeException error) {
            String experiment = e.getExperimentId();
            String message = error.getClass().getSimpleName() + ": " + error.getMessage();
            LOG.error("stage {} gave up on experiment {} (the job and other experiments go on): {}", stage, experiment,
                    message, error);
            SimEvent failure = Envelopes.data(experiment, e.getTimeUs(), new StageFailure(stage, message));
            failure.setProducer(stage + "-failure");
            metrics.accept(failure);
            SimEvent watermark = Envelopes.watermark(experiment, SimTime.NEVER);
            watermark.setProducer(stage);
            out.collect(watermark);
            SimEvent end = Envelopes.end(experiment, e.getTimeUs(), null);
            end.setProducer(stage);
            out.collect(end);
            return message;
        }
    }
}
