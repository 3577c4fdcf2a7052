package io.asyncrl.operators.sim.summary;

import io.asyncrl.operators.sim.core.SimTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The summary blocks of multi-turn rollouts ({@code agentic}) and dynamic sampling ({@code dynamic_sampling}),
 * written only when the run used them so that other summaries keep their bytes.
 */
final class AgenticSummary {
    private AgenticSummary() {}

    static void add(Map<String, Object> out, Map<String, Object> trajectories, SummaryBuilder.StageTotals rollout,
            SummaryBuilder.StageTotals trainer) {
        if (rollout.counters.containsKey("env_steps")) {
            out.put("agentic", agentic(rollout));
        }
        if (trainer.counters.containsKey("groups_filtered")) {
            long filtered = trainer.counter("groups_filtered");
            long passed = trainer.counter("groups_passed");
            Map<String, Object> ds = new LinkedHashMap<>();
            ds.put("groups_filtered", filtered);
            ds.put("groups_kept", passed);
            ds.put("over_generation_factor", passed == 0 ? 0.0 : (double) (filtered + passed) / passed);
            out.put("dynamic_sampling", ds);
            trajectories.put("filtered", trainer.counter("filtered"));
        }
    }

    private static Map<String, Object> agentic(SummaryBuilder.StageTotals rollout) {
        double seconds = SimTime.seconds(rollout.endUs);
        long steps = rollout.counter("env_steps");
        double busy = SimTime.seconds(rollout.counter("env_busy_us"));
        long workers = rollout.counter("env_workers");
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("steps", steps);
        env.put("workers", workers);
        env.put("busy_seconds", busy);
        env.put("mean_busy_workers", seconds == 0 ? 0.0 : busy / seconds);
        env.put("utilization", workers == 0 || seconds == 0 ? 0.0 : busy / (workers * seconds));
        env.put("mean_wait_seconds", steps == 0 ? 0.0 : SimTime.seconds(rollout.counter("env_wait_us")) / steps);
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("reused_tokens", rollout.counter("kv_reused_tokens"));
        kv.put("turn_prefill_tokens", rollout.counter("turn_prefill_tokens"));
        kv.put("hold_evictions", rollout.counter("kv_hold_evictions"));
        kv.put("max_tokens", rollout.counter("kv_max_tokens"));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("environment", env);
        a.put("kv_cache", kv);
        return a;
    }
}
