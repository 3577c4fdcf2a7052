package io.asyncrl.hw;

/**
 * The load of the slowest pipeline stage when the stages are cut by parameter count, as AReaL's realhf cuts them.
 *
 * <p>realhf's {@code partition_pipeline_layers} (inclusionAI/AReaL {@code realhf/impl/model/nn/real_llm_parallel.py} at
 * commit adeb8eb1, method {@code "parameters"}, the default its {@code ReaLModel} uses) lists the model as
 * [embedding, block 1, ..., block L, head], weights each item by its parameter count and cuts the list into {@code pp}
 * contiguous stages with {@code datapack.partition_balanced}: the dynamic program that minimises the difference between
 * the largest and the smallest stage sum. The embedding counts as parameters but costs no FLOPs (a lookup), and the
 * head's FLOPs fall on the last stage, so the stages' compute differs; a 1F1B pipeline runs at the pace of its slowest
 * stage. {@link #slowestStageFactor} is that stage's forward FLOPs over the mean stage's (1 for pp = 1).
 *
 * <p>Each block's parameters come from the shape (query and output projections hidden x heads x headDim, key and
 * value hidden x kvHeads x headDim, a gated MLP 3 x hidden x ffn); the embedding is vocab x hidden; the head is what
 * is left of the model's parameter count (vocab x hidden when untied, about 0 when tied). Dense models only: an MoE
 * block's experts are not one matrix per token, so MoE models get 1.
 */
public final class PipelineStages {
    /**
     * The cut points of each (model, pp): they depend on the parameter counts alone, and the stage factor is asked for
     * on every streamed trajectory, so the O(n^2 pp) partition runs once per model and depth.
     */
    private static final java.util.Map<Cut, int[]> CUTS = new java.util.concurrent.ConcurrentHashMap<>();

    private record Cut(ModelArch model, int pp) {}

    private PipelineStages() {}

    /** Parameters of one transformer block, from the shape (norms and biases left out). */
    static double blockParams(ModelArch m) {
        double attention = 2.0 * m.hidden() * m.heads() * m.headDim() + 2.0 * m.hidden() * m.kvHeads() * m.headDim();
        return attention + 3.0 * m.hidden() * m.ffn();
    }

    /**
     * The slowest stage's forward FLOPs per token over the mean stage's, with the stages cut by parameter count;
     * {@code seqLen} sets each block's attention FLOPs (as {@link ModelFootprint#forwardFlopsPerToken}).
     */
    public static double slowestStageFactor(ModelArch m, int pp, double seqLen) {
        if (pp <= 1 || m.isMoe()) {
            return 1.0;
        }
        int n = m.layers() + 2;
        if (pp > n) {
            throw new IllegalArgumentException("pp=" + pp + " exceeds the " + n + " items of " + m.name());
        }
        // whole parameter counts, so that the partition's sums compare exactly as realhf's integer ones do
        double block = StrictMath.rint(blockParams(m));
        double embed = (double) m.vocab() * m.hidden();
        double head = StrictMath.rint(StrictMath.max(0.0, m.params() - m.layers() * block - embed));
        double[] params = new double[n];
        double[] flops = new double[n];
        params[0] = embed;
        flops[0] = 0.0;
        double blockFlops = 2.0 * block + ModelFootprint.attentionFlopsPerPair(m) / m.layers() * seqLen / 2.0;
        for (int i = 1; i <= m.layers(); i++) {
            params[i] = block;
            flops[i] = blockFlops;
        }
        params[n - 1] = head;
        flops[n - 1] = 2.0 * head;
        int[] cuts = CUTS.computeIfAbsent(new Cut(m, pp), c -> partitionBalanced(params, pp));
        double total = 0.0;
        double slowest = 0.0;
        for (int s = 0; s < pp; s++) {
            double stage = 0.0;
            for (int i = cuts[s]; i < cuts[s + 1]; i++) {
                stage += flops[i];
            }
            total += stage;
            slowest = StrictMath.max(slowest, stage);
        }
        return slowest / (total / pp);
    }

    /**
     * realhf's {@code datapack.partition_balanced(nums, k)}: the k + 1 cut points (0 first, n last) of the contiguous
     * partition whose largest and smallest sums differ least, by the same dynamic program and tie-breaking (the last
     * split point reaching the minimum wins).
     */
    static int[] partitionBalanced(double[] nums, int k) {
        int n = nums.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + nums[i];
        }
        double inf = Double.POSITIVE_INFINITY;
        double[][] dp = new double[n + 1][k + 1];
        double[][] maxval = new double[n + 1][k + 1];
        double[][] minval = new double[n + 1][k + 1];
        int[][] split = new int[n + 1][k + 1];
        for (double[] row : dp) {
            java.util.Arrays.fill(row, inf);
        }
        for (double[] row : maxval) {
            java.util.Arrays.fill(row, -inf);
        }
        for (double[] row : minval) {
            java.util.Arrays.fill(row, inf);
        }
        for (int i = 0; i <= n; i++) {
            dp[i][1] = 0.0;
            maxval[i][1] = prefix[i];
            minval[i][1] = prefix[i];
        }
        for (int j = 2; j <= k; j++) {
            for (int i = j; i <= n; i++) {
                for (int x = 1; x <= i - 1; x++) {
                    double xx = prefix[i] - prefix[x];
                    double diff = StrictMath.max(dp[x][j - 1],
                            StrictMath.max(maxval[x][j - 1] - xx, xx - minval[x][j - 1]));
                    dp[i][j] = StrictMath.min(dp[i][j], diff);
                    if (dp[i][j] == diff) {
                        split[i][j] = x;
                        if (diff == maxval[x][j - 1] - xx) {
                            maxval[i][j] = maxval[x][j - 1];
                            minval[i][j] = xx;
                        } else if (diff == xx - minval[x][j - 1]) {
                            maxval[i][j] = xx;
                            minval[i][j] = minval[x][j - 1];
                        } else {
                            maxval[i][j] = maxval[x][j - 1];
                            minval[i][j] = minval[x][j - 1];
                        }
                    }
                }
            }
        }
        int[] cuts = new int[k + 1];
        cuts[k] = n;
        int idx = n;
        for (int j = k; j >= 1; j--) {
            idx = split[idx][j];
            cuts[j - 1] = idx;
        }
        cuts[0] = 0;
        return cuts;
    }
}
