package io.asyncrl.operators.sim.rollout;

import io.asyncrl.hw.InstanceTiming;
import java.util.ArrayList;
import java.util.List;

/**
 * What an instance's running sequences do when new weights reach it, as the engines' pause modes and the
 * in-flight updaters define it ({@code async.policy.weight_update}; sources in docs/policies.md):
 * <ul>
 *   <li>{@code wait}: vLLM {@code pause_generation(mode="wait")}: no sequence is admitted until the running ones
 *       finish; the weights are loaded once the instance is idle.</li>
 *   <li>{@code abort}: vLLM/SGLang {@code abort}: the running sequences end at once and are resubmitted from their
 *       prompt; everything they generated is thrown away (counted in {@link RolloutInstance#thrownTokens}).</li>
 *   <li>{@code in-flight}: PipelineRL and NeMo-RL {@code in_flight_weight_updates} (vLLM {@code keep}): the weights
 *       change between two decode steps and the sequences go on; the tokens from here on are the new version's
 *       (a new version span). Without {@code recompute_kv} the KV cache computed under the old weights is kept
 *       (no token is recomputed); with it ({@code recompute_kv_cache_after_weight_updates}, vLLM
 *       {@code clear_cache}, SGLang {@code retract}) the prompt and generated tokens are re-prefilled under the new
 *       weights, as interruptible partial rollout does.</li>
 * </ul>
 * An update that reaches an instance in the middle of a prefill pass takes effect when the pass ends.
 */
final class WeightUpdates {
    private WeightUpdates() {}

    /** Gives a new instance the spec's policy (null: none). */
    static void configure(RolloutInstance inst, io.asyncrl.operators.sim.core.PolicyParams policy) {
        if (policy != null) {
            inst.update = policy.weightUpdate;
            inst.recomputeKv = policy.recomputeKv;
        }
    }

    /** New weights {@code version} reach a busy instance (already advanced to now). */
    static void onVersion(RolloutInstance inst, InstanceTiming timing, int version) {
        inst.pendingWeights = version;
        switch (inst.update) {
            case WAIT -> inst.loadPendingWeightsIfDrained();
            case ABORT, IN_FLIGHT -> {
                if (!inst.inPrefill()) {
                    apply(inst, timing, version);
                }
            }
        }
    }

    /** A prefill pass ended with an update pending: applies it; false when the policy waits for the drain. */
    static boolean afterPrefill(RolloutInstance inst, InstanceTiming timing) {
        if (inst.update == io.asyncrl.schemas.WeightUpdate.WAIT) {
            return false;
        }
        apply(inst, timing, inst.pendingWeights);
        return true;
    }

    private static void apply(RolloutInstance inst, InstanceTiming timing, int version) {
        switch (inst.update) {
            case ABORT -> abort(inst, version);
            case IN_FLIGHT -> {
                if (inst.recomputeKv) {
                    inst.kvHeldAtUpdates += inst.kvTokens;
                    inst.interruptAndReload(timing, version);
                } else {
                    keep(inst, version);
                }
            }
            case WAIT -> throw new IllegalStateException("wait loads weights only once drained");
        }
    }

    /** In-flight without recompute: a new version span for every running sequence, the KV cache kept as it is. */
    private static void keep(RolloutInstance inst, int version) {
        for (Sequence s : inst.running) {
            s.switchVersion(s.generated(inst.stepCounter), version);
            s.interruptions++;
        }
        inst.weights = version;
        inst.pendingWeights = -1;
        inst.cachedNextUs = io.asyncrl.operators.sim.core.SimTime.UNKNOWN;
    }

    /** Abort: running sequences lose what they generated and go back to the head of the queue, lowest id first. */
    private static void abort(RolloutInstance inst, int version) {
        List<Sequence> aborted = new ArrayList<>(inst.running);
        aborted.sort((a, b) -> Long.compare(a.trajectoryId, b.trajectoryId));
        for (Sequence s : aborted) {
            inst.thrownTokens += s.generated(inst.stepCounter);
            inst.kvTokens -= s.contextTokens(inst.stepCounter);
            s.restart();
        }
        inst.running.clear();
        inst.invalidateIndex();
        for (int i = aborted.size() - 1; i >= 0; i--) {
            inst.queue.addFirst(aborted.get(i));
        }
        inst.admissionBlocked = false;
        inst.weights = version;
        inst.pendingWeights = -1;
        inst.cachedNextUs = io.asyncrl.operators.sim.core.SimTime.UNKNOWN;
    }
}
