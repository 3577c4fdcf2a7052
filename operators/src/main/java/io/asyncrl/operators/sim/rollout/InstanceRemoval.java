package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.core.SimTime;
import java.util.ArrayList;
import java.util.List;

/** Taking sequences off an instance when an over-provisioned round closes ({@link Rounds}). */
final class InstanceRemoval {
    private InstanceRemoval() {}

    /**
     * Takes the sequences {@code which} selects off {@code inst} (already advanced to now), running, prefilling
     * or queued, freeing their KV cache; each keeps in {@code generatedAtJoin} the tokens it had generated.
     */
    static List<Sequence> remove(RolloutInstance inst, java.util.function.Predicate<Sequence> which) {
        List<Sequence> out = new ArrayList<>();
        for (java.util.Iterator<Sequence> it = inst.running.iterator(); it.hasNext(); ) {
            Sequence s = it.next();
            if (which.test(s)) {
                it.remove();
                inst.kvTokens -= s.contextTokens(inst.stepCounter);
                s.generatedAtJoin = s.generated(inst.stepCounter);
                out.add(s);
            }
        }
        for (java.util.Iterator<Sequence> it = inst.prefilling.iterator(); it.hasNext(); ) {
            Sequence s = it.next();
            if (which.test(s)) {
                it.remove();
                inst.kvTokens -= (long) s.promptTokens + s.generatedAtJoin;
                out.add(s);
            }
        }
        inst.queue.removeIf(s -> {
            if (which.test(s)) {
                out.add(s);
                return true;
            }
            return false;
        });
        if (!out.isEmpty()) {
            inst.admissionBlocked = false;
            inst.cachedNextUs = SimTime.UNKNOWN;
            inst.invalidateIndex();
        }
        return out;
    }
}
