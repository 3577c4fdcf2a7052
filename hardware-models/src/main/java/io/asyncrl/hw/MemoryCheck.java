package io.asyncrl.hw;

/**
 * Result of a memory-fit check. {@code fits == false} carries a message that says what does not fit
 * and by how much, e.g. "qwen2.5-72b needs 135.4 GiB of weights per device at tp=1 but h800-sxm has 80 GiB".
 */
public record MemoryCheck(boolean fits, double requiredGib, double availableGib, String message) {

    public static MemoryCheck ok(double requiredGib, double availableGib) {
        return new MemoryCheck(true, requiredGib, availableGib, "fits");
    }
}
