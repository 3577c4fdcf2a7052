package io.asyncrl.operators.sim.rollout;

import java.util.Map;

/** The rollout's policy counters for its stage report (only when the spec sets a policy; docs/outputs.md). */
final class PolicyCounters {
    private PolicyCounters() {}

    static void put(Map<String, Long> c, RolloutSimulator sim) {
        if (sim.params().policy == null) {
            return;
        }
        RolloutInstance[] instances = sim.instances;
        Rounds rounds = sim.rounds;
        int groupSize = sim.params().groupSize;
        long thrown = 0;
        long recomputed = 0;
        long kvHeld = 0;
        long requeued = 0;
        for (RolloutInstance inst : instances) {
            thrown += inst.thrownTokens;
            recomputed += inst.recomputedTokens;
            kvHeld += inst.kvHeldAtUpdates;
        }
        c.put("recomputed_tokens", recomputed);
        c.put("kv_tokens_at_updates", kvHeld);
        if (rounds != null) {
            thrown += rounds.thrownTokens;
            c.put("aborted", rounds.aborted);
            c.put("surplus_dropped", rounds.surplusDropped);
            c.put("carried", rounds.carried);
            c.put("deferred", rounds.deferred);
            c.put("long_rounds", rounds.longRounds);
            long held = rounds.held(groupSize);
            c.put("in_flight", c.get("in_flight") + held);
        }
        c.put("thrown_tokens", thrown);
    }
}
