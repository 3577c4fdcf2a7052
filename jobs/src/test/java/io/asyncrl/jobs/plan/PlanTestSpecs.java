package io.asyncrl.jobs.plan;

/** The small specs the plan tests search: a 1.5B model on 4 + 4 H800s, 4 steps, with the workload and async block given. */
final class PlanTestSpecs {
    /** The async block most of them keep: AReaL-like, eta 2 with interruptible generation. */
    static final String ASYNC = "{mode: async, max_staleness: 2, partial_rollout: true}";

    private PlanTestSpecs() {}

    static String spec(String name, int groupSize, int prompts, int promptTokens, int medianAnswer, double sigma,
            int maxAnswer, String async) {
        return """
                name: %s
                seed: 42
                model: qwen2.5-1.5b
                algorithm: {kind: grpo, group_size: %d, prompts_per_step: %d, minibatches: 2, steps: 4}
                workload:
                  prompt_tokens: {dist: fixed, value: %d}
                  response_tokens: {dist: lognormal, median: %d, sigma: %s, max: %d}
                  reward: {kind: rule, cpu_ms_per_sample: 20, workers: 8}
                cluster:
                  device: h800-sxm
                  placement: disaggregated
                  rollout: {devices: 4, tp: 1}
                  train: {devices: 4, tp: 1}
                async: %s
                """.formatted(name, groupSize, prompts, promptTokens, medianAnswer, sigma, maxAnswer, async);
    }
}
