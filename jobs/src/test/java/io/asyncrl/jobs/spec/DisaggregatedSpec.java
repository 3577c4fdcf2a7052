package io.asyncrl.jobs.spec;

/** The small disaggregated async spec the hardware-option tests build on: 7B, 8 rollout + 8 train devices. */
final class DisaggregatedSpec {
    private DisaggregatedSpec() {}

    /** The spec's YAML named {@code name} on {@code device}; a test appends its own top-level fields. */
    static String yaml(String name, String device) {
        return """
                name: %s
                model: qwen2.5-7b
                algorithm: {kind: grpo}
                workload:
                  prompt_tokens: {dist: fixed, value: 512}
                  response_tokens: {dist: fixed, value: 1000}
                  reward: {kind: rule}
                cluster:
                  device: %s
                  placement: disaggregated
                  rollout: {devices: 8}
                  train: {devices: 8}
                async: {mode: async}
                """.formatted(name, device);
    }
}
