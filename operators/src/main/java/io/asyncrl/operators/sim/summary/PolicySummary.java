package io.asyncrl.operators.sim.summary;

import java.util.LinkedHashMap;
import java.util.Map;

/** The summary's {@code policy} block, written only when the spec sets {@code async.policy} (docs/outputs.md). */
final class PolicySummary {
    static final String[] ROLLOUT_COUNTERS = {"thrown_tokens", "recomputed_tokens", "kv_tokens_at_updates", "aborted",
        "surplus_dropped", "carried", "deferred", "long_rounds"};

    private PolicySummary() {}

    static Map<String, Object> of(Map<String, Long> rollout, LengthBiasAudit audit) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String c : ROLLOUT_COUNTERS) {
            m.put(c, rollout.getOrDefault(c, 0L));
        }
        m.put("length_bias", audit.table());
        return m;
    }
}
