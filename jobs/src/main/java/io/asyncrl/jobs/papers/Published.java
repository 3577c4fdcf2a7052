package io.asyncrl.jobs.papers;

import java.util.List;

/**
 * The published figures {@code validate papers} compares with (shared/reference/papers.md): AReaL Table 1's training
 * hours for its published step counts, and AsyncFlow's throughput gains over verl.
 */
final class Published {
    private Published() {}

    /** An AReaL Table 1 row: its spec, the PPO steps of the run, and the hours of verl, synchronous AReaL and AReaL. */
    record Areal(String spec, int steps, double verlH, double syncH, double arealH) {}

    /** An AsyncFlow row: its spec, its label and its published speedup over verl. */
    record AsyncFlow(String spec, String label, double speedup) {}

    static final List<Areal> AREAL = List.of(
            new Areal("areal-1.5b-math.yaml", 250, 33.6, 41.0, 14.8),
            new Areal("areal-7b-math.yaml", 250, 52.1, 57.7, 25.4),
            new Areal("areal-14b-code.yaml", 80, 44.4, 48.8, 21.9),
            new Areal("areal-32b-code.yaml", 60, 46.4, 51.1, 31.1));

    static final List<AsyncFlow> ASYNCFLOW = List.of(
            new AsyncFlow("asyncflow-7b-32.yaml", "7B, 32 NPUs", 1.33),
            new AsyncFlow("asyncflow-7b-256.yaml", "7B, 256 NPUs", 2.03),
            new AsyncFlow("asyncflow-7b-512.yaml", "7B, 512 NPUs", 1.76),
            new AsyncFlow("asyncflow-32b-512.yaml", "32B, 512 NPUs", 1.82));
    /** AsyncFlow's mean gain over verl across all its scales (its abstract). */
    static final double ASYNCFLOW_MEAN = 1.59;

    /**
     * AsyncFlow's scaling linearity over a {@code factor} times larger cluster: throughput on the large cluster over
     * throughput on the small one, over the factor (shared/reference/papers.md, from a summary of the paper).
     */
    record Linearity(String label, String small, String large, int factor, double published) {}

    static final List<Linearity> ASYNCFLOW_LINEARITY = List.of(
            new Linearity("7B, 32 -> 512 NPUs", "asyncflow-7b-32.yaml", "asyncflow-7b-512.yaml", 16, 0.65),
            new Linearity("32B, 32 -> 512 NPUs", "asyncflow-32b-32.yaml", "asyncflow-32b-512.yaml", 16, 0.88));
}
