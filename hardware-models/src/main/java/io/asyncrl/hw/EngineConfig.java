package io.asyncrl.hw;

/**
 * How a rollout engine is run, beyond the device, model and TP: its share of each device's memory for
 * weights, KV cache and reserve (vLLM's gpu_memory_utilization, SGLang's mem_fraction_static) and whether
 * it decodes without CUDA graphs (vLLM's enforce_eager), paying a kernel-launch cost per layer and step.
 */
public record EngineConfig(double memoryFraction, boolean eager) {
    public EngineConfig {
        if (!(memoryFraction > 0.0 && memoryFraction <= 1.0)) {
            throw new IllegalArgumentException("memoryFraction must be in (0, 1], got " + memoryFraction);
        }
    }
}
