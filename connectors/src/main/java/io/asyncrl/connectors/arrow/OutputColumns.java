package io.asyncrl.connectors.arrow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each column of steps.arrow and trajectories.arrow means and its unit: written into each Arrow
 * field's metadata (keys {@code description} and {@code unit}) and listed in docs/outputs.md. Times
 * ({@code *_us}) are simulated microseconds since the experiment's start, never wall-clock time.
 */
public final class OutputColumns {
    public static final String DESCRIPTION = "description";
    public static final String UNIT = "unit";
    public static final String EXPERIMENT_ID = "experiment_id";

    /** A column's description and unit ({@code ""} for a label without a unit). */
    public record Doc(String description, String unit) {}

    static final Map<String, Doc> STEPS = new LinkedHashMap<>();
    static final Map<String, Doc> TRAJECTORIES = new LinkedHashMap<>();

    static {
        STEPS.put("step", new Doc("Training step, from 0; the step trains policy version step into version step + 1.", "step"));
        STEPS.put("batch_ready_us", new Doc("Simulated time the trainer held the step's whole batch (with the streaming "
                + "data plane: the step's last minibatch), scored and admitted.", "us"));
        STEPS.put("start_us", new Doc("Simulated time training of the step began (colocated: after the switch from "
                + "rollout to training).", "us"));
        STEPS.put("end_us", new Doc("Simulated time the step's optimizer update finished.", "us"));
        STEPS.put("available_us", new Doc("Simulated time the step's new weights were usable on the rollout instances: "
                + "end_us + switch_or_sync_seconds (equal to end_us when the step does not sync, "
                + "async.updates_per_sync > 1).", "us"));
        STEPS.put("trajectories", new Doc("Trajectories trained in the step.", "trajectories"));
        STEPS.put("dropped", new Doc("Trajectories the staleness rule dropped at this step (too stale to train).", "trajectories"));
        STEPS.put("tokens", new Doc("Prompt plus response tokens trained in the step.", "tokens"));
        STEPS.put("response_tokens", new Doc("Response tokens trained in the step.", "tokens"));
        STEPS.put("train_seconds", new Doc("Simulated training time of the step: forward, backward and optimizer, with "
                + "the reference, critic and log-prob passes the algorithm and framework need.", "s"));
        STEPS.put("switch_or_sync_seconds", new Doc("Simulated time from end_us until the weights are on the rollout: "
                + "the weight sync (disaggregated) or the switch from training back to rollout (colocated); 0 when "
                + "the step does not sync.", "s"));
        STEPS.put("mean_staleness", new Doc("Mean staleness of the step's trained trajectories (step minus the "
                + "policy version that started each).", "versions"));
        STEPS.put("max_staleness", new Doc("Largest staleness among the step's trained trajectories.", "versions"));

        TRAJECTORIES.put("trajectory_id", new Doc("prompt_id x group_size + sample_index.", ""));
        TRAJECTORIES.put("prompt_id", new Doc("The prompt the trajectory answers, from 0.", ""));
        TRAJECTORIES.put("sample_index", new Doc("Index of the answer within its prompt's group.", ""));
        TRAJECTORIES.put("prompt_tokens", new Doc("Prompt length.", "tokens"));
        TRAJECTORIES.put("response_tokens", new Doc("Generated response length.", "tokens"));
        TRAJECTORIES.put("instance", new Doc("Rollout instance (engine of rollout tp x pp devices) that generated it.", ""));
        TRAJECTORIES.put("dispatch_us", new Doc("Simulated time the rollout controller handed it to an instance.", "us"));
        TRAJECTORIES.put("start_us", new Doc("Simulated time its prefill began.", "us"));
        TRAJECTORIES.put("end_us", new Doc("Simulated time its last token was generated.", "us"));
        TRAJECTORIES.put("start_version", new Doc("Policy version its generation started under.", "version"));
        TRAJECTORIES.put("end_version", new Doc("Policy version its last token was generated under (differs from "
                + "start_version only with partial rollout).", "version"));
        TRAJECTORIES.put("interruptions", new Doc("Times a weight update interrupted its generation (partial rollout).", "count"));
        TRAJECTORIES.put("preemptions", new Doc("Times the engine preempted it for lack of KV-cache memory (recomputed).", "count"));
        TRAJECTORIES.put("reward", new Doc("Simulated reward.", ""));
        TRAJECTORIES.put("scored_us", new Doc("Simulated time the reward stage finished scoring it.", "us"));
        TRAJECTORIES.put("outcome", new Doc("trained, dropped (rejected by the staleness rule, the age bound or an over-provisioned round), aborted "
                + "(thrown away unfinished by an over-provisioned round) or pending (never "
                + "consumed by a step).", ""));
        TRAJECTORIES.put("step", new Doc("The step that trained or dropped it; null while pending.", "step"));
        TRAJECTORIES.put("staleness", new Doc("step - start_version when trained, else null.", "versions"));
        TRAJECTORIES.put("token_weighted_staleness", new Doc("Mean over its tokens of step minus the version that "
                + "generated the token, when trained, else null.", "versions"));
    }

    private OutputColumns() {}

    /** The documentation of steps.arrow's column {@code name}; a StepReport field without one is refused. */
    static Doc step(String name) {
        Doc d = STEPS.get(name);
        if (d == null) {
            throw new IllegalStateException("steps.arrow column '" + name + "' has no description: add it to OutputColumns");
        }
        return d;
    }

    static Doc experimentId() {
        return new Doc("The experiment id (the Kafka key of its records); the same on every row of a file.", "");
    }

    static <R> List<ArrowColumn<R>> documentTrajectories(List<ArrowColumn<R>> columns) {
        List<ArrowColumn<R>> out = new ArrayList<>();
        for (ArrowColumn<R> c : columns) {
            Doc d = TRAJECTORIES.get(c.name());
            if (d == null) {
                throw new IllegalStateException("trajectories.arrow column '" + c.name() + "' has no description");
            }
            out.add(c.documented(d));
        }
        return out;
    }

    /** Every column of steps.arrow with its documentation, in file order. */
    public static Map<String, Doc> steps() {
        Map<String, Doc> m = new LinkedHashMap<>(STEPS);
        m.put(EXPERIMENT_ID, experimentId());
        return m;
    }

    /** Every column of trajectories.arrow with its documentation, in file order. */
    public static Map<String, Doc> trajectories() {
        Map<String, Doc> m = new LinkedHashMap<>(TRAJECTORIES);
        m.put(EXPERIMENT_ID, experimentId());
        return m;
    }
}
