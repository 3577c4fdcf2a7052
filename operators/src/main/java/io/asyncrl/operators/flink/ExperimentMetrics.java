package io.asyncrl.operators.flink;

import io.asyncrl.operators.stage.Batches;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StepReport;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * Per-experiment gauges in Flink's metric system, fed by the metrics records the summary operator folds: under
 * group {@code asyncrl} and the key-value group {@code experiment} = the experiment id (Prometheus:
 * {@code flink_taskmanager_job_task_operator_asyncrl_experiment_steps_done{experiment="..."}}), {@code simulated_seconds} (end of the latest trained step), {@code steps_done} and
 * {@code trained_tokens_per_second} (tokens of the steps so far over their simulated time; the summary's figure once
 * the run ends). Steps are kept by number, so a record delivered twice after a restore changes nothing.
 *
 * <p>The gauges live in the operator, not in keyed state: the reporter reads them from its own thread. After a
 * restore they start empty and fill again as the experiment's records arrive; Flink's metric groups cannot drop a
 * gauge, so an ended experiment keeps its last values until the job stops.
 */
final class ExperimentMetrics {
    private final MetricGroup group;
    private final Map<String, Progress> experiments = new HashMap<>();

    ExperimentMetrics(MetricGroup operatorGroup) {
        this.group = operatorGroup.addGroup("asyncrl");
    }

    void onEvent(SimEvent e) {
        Batches.forEachItem(e, (kind, timeUs, producer, seq, payload) -> {
            if (payload instanceof StepReport r) {
                experiments.computeIfAbsent(e.getExperimentId(), this::register).step(r);
            }
        });
    }

    private Progress register(String experimentId) {
        Progress p = new Progress();
        MetricGroup g = group.addGroup("experiment", experimentId);
        g.gauge("simulated_seconds", (Gauge<Double>) p::simulatedSeconds);
        g.gauge("steps_done", (Gauge<Integer>) p::stepsDone);
        g.gauge("trained_tokens_per_second", (Gauge<Double>) p::trainedTokensPerSecond);
        return p;
    }

    /** One experiment's trained steps, their latest end and their tokens. */
    static final class Progress {
        private final Set<Integer> steps = new HashSet<>();
        private long endUs;
        private long tokens;

        synchronized void step(StepReport r) {
            if (steps.add(r.getStep())) {
                endUs = Math.max(endUs, r.getEndUs());
                tokens += r.getTokens();
            }
        }

        synchronized double simulatedSeconds() {
            return endUs / 1e6;
        }

        synchronized int stepsDone() {
            return steps.size();
        }

        synchronized double trainedTokensPerSecond() {
            return endUs == 0 ? 0.0 : tokens / (endUs / 1e6);
        }
    }
}
