package io.asyncrl.hw;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a decoder-only transformer: everything its parameter count, KV-cache bytes per token
 * and FLOPs per token follow from. A catalog entry, an inline spec architecture and a Hugging Face
 * config.json all become one of these, so the same model gives the same figures whichever way it is
 * named.
 *
 * <p>Counted per layer: the attention projections (GQA: q, k, v, o; MLA: the low-rank q and kv
 * projections with their norms, and o), two RMSNorm weights, and either a gated MLP (gate, up and down:
 * 3 * hidden * ffn) or an MoE block (router, every routed and shared expert). Plus the input embedding,
 * the output head unless tied, and the final norm. Projection biases (Qwen2's q/k/v), per-head q/k
 * norms (Qwen3, Gemma 3) and Gemma 2/3's extra norms are left out: each is below 0.01% of the count.
 *
 * <p>Fields that do not apply are 0: {@code experts == 0} is a dense model, {@code kvLoraRank == 0}
 * standard multi-head/grouped-query attention. For MLA the cache holds one latent per layer and the
 * compact constructor sets {@code kvHeads} to 1 and {@code headDim} to {@code vHeadDim}; an MoE model
 * without dense layers has no dense MLP, so its {@code ffn} is set to 0 (Qwen3-MoE's config.json
 * carries an unused intermediate_size).
 *
 * @param ffn intermediate size of the dense MLP (of every layer of a dense model, of the first
 *     {@code denseLayers} layers of an MoE model)
 * @param experts routed experts per MoE layer; 0 for a dense model
 * @param expertsPerToken routed experts each token passes through
 * @param sharedExperts experts every token passes through besides the routed ones (DeepSeek)
 * @param expertFfn intermediate size of one expert
 * @param denseLayers leading layers with a dense MLP instead of experts (DeepSeek first_k_dense_replace)
 * @param kvLoraRank MLA latent (compressed KV) rank; 0 without MLA
 * @param qLoraRank MLA query compression rank; 0 projects queries directly (DeepSeek-V2-Lite)
 */
public record Architecture(
        int layers,
        int hidden,
        int heads,
        int kvHeads,
        int headDim,
        int ffn,
        int vocab,
        boolean tiedEmbeddings,
        int experts,
        int expertsPerToken,
        int sharedExperts,
        int expertFfn,
        int denseLayers,
        int kvLoraRank,
        int qLoraRank,
        int qkRopeHeadDim,
        int qkNopeHeadDim,
        int vHeadDim) {

    /** Bytes of one BF16 value, the precision the KV figures below are given in. */
    private static final long BF16 = 2;

    /** An architecture that breaks a rule; {@link #problems()} maps each spec field name to what is wrong. */
    public static final class InvalidArchitectureException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final Map<String, String> problems;

        InvalidArchitectureException(Map<String, String> problems) {
            super(problems.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .reduce((a, b) -> a + "; " + b).orElse("invalid architecture"));
            this.problems = Map.copyOf(problems);
        }

        /** Field (spec spelling, e.g. kv_heads) to message, in field order. */
        public Map<String, String> problems() {
            return new LinkedHashMap<>(problems);
        }
    }

    public Architecture {
        Map<String, String> p = new LinkedHashMap<>();
        positive(p, "layers", layers);
        positive(p, "hidden", hidden);
        positive(p, "heads", heads);
        positive(p, "vocab", vocab);
        boolean mla = kvLoraRank != 0;
        if (mla) {
            positive(p, "kv_lora_rank", kvLoraRank);
            nonNegative(p, "q_lora_rank", qLoraRank);
            positive(p, "qk_rope_head_dim", qkRopeHeadDim);
            positive(p, "qk_nope_head_dim", qkNopeHeadDim);
            positive(p, "v_head_dim", vHeadDim);
            kvHeads = 1;
            headDim = vHeadDim;
        } else {
            positive(p, "kv_heads", kvHeads);
            positive(p, "head_dim", headDim);
            mlaOnly(p, "q_lora_rank", qLoraRank);
            mlaOnly(p, "qk_rope_head_dim", qkRopeHeadDim);
            mlaOnly(p, "qk_nope_head_dim", qkNopeHeadDim);
            mlaOnly(p, "v_head_dim", vHeadDim);
            if (heads > 0 && kvHeads > 0 && heads % kvHeads != 0) {
                p.put("kv_heads", "must divide heads (" + heads + ") for grouped-query attention, got " + kvHeads);
            }
        }
        if (experts == 0) {
            positive(p, "ffn", ffn);
            moeOnly(p, "experts_per_token", expertsPerToken);
            moeOnly(p, "shared_experts", sharedExperts);
            moeOnly(p, "expert_ffn", expertFfn);
            moeOnly(p, "dense_layers", denseLayers);
        } else {
            positive(p, "experts", experts);
            positive(p, "expert_ffn", expertFfn);
            nonNegative(p, "shared_experts", sharedExperts);
            if (expertsPerToken <= 0 || (experts > 0 && expertsPerToken > experts)) {
                p.put("experts_per_token", "must be between 1 and experts (" + experts + "), got " + expertsPerToken);
            }
            if (denseLayers < 0 || (layers > 0 && denseLayers >= layers)) {
                p.put("dense_layers", "must be between 0 and layers - 1 (" + (layers - 1) + "), got " + denseLayers);
            } else if (denseLayers > 0) {
                positive(p, "ffn", ffn);
            } else {
                ffn = 0;
            }
        }
        if (!p.isEmpty()) {
            throw new InvalidArchitectureException(p);
        }
    }

    /** A dense model with grouped-query attention. */
    public static Architecture dense(int layers, int hidden, int heads, int kvHeads, int headDim, int ffn, int vocab,
            boolean tiedEmbeddings) {
        return new Architecture(layers, hidden, heads, kvHeads, headDim, ffn, vocab, tiedEmbeddings,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public boolean isMoe() {
        return experts > 0;
    }

    public boolean isMla() {
        return kvLoraRank > 0;
    }

    /** Every parameter: all experts, embeddings, the output head unless tied, and norms. */
    public long params() {
        return count(isMoe() ? experts : 0);
    }

    /**
     * Parameters one token passes through: {@link #params()} with only {@code expertsPerToken} of the
     * routed experts (the convention of the published "activated" counts, embeddings included).
     */
    public long activeParams() {
        return count(isMoe() ? expertsPerToken : 0);
    }

    /**
     * KV-cache bytes per token for the whole model in BF16: 2 (K and V) * layers * kvHeads * headDim * 2
     * bytes, or for MLA one latent of (kv_lora_rank + qk_rope_head_dim) values per layer.
     */
    public long kvBytesPerTokenBf16() {
        if (isMla()) {
            return (long) layers * (kvLoraRank + qkRopeHeadDim) * BF16;
        }
        return 2L * layers * kvHeads * headDim * BF16;
    }

    /** Matrix FLOPs per token through the active parameters, forward only: 2 * active parameters. */
    public double denseForwardFlopsPerToken() {
        return 2.0 * activeParams();
    }

    private long count(int routedExperts) {
        long h = hidden;
        long denseCount = isMoe() ? denseLayers : layers;
        long moeCount = layers - denseCount;
        long perLayer = attentionParams() + 2 * h;
        long denseMlp = 3 * h * ffn;
        long expert = 3 * h * expertFfn;
        long moe = h * experts + (routedExperts + (long) sharedExperts) * expert;
        long embeddings = (long) vocab * h * (tiedEmbeddings ? 1 : 2);
        return layers * perLayer + denseCount * denseMlp + moeCount * moe + embeddings + h;
    }

    private long attentionParams() {
        long h = hidden;
        if (!isMla()) {
            return 2 * h * heads * headDim + 2 * h * kvHeads * headDim;
        }
        long qkDim = (long) qkNopeHeadDim + qkRopeHeadDim;
        long q = qLoraRank > 0
                ? h * qLoraRank + qLoraRank + (long) qLoraRank * heads * qkDim
                : h * heads * qkDim;
        long kv = h * (kvLoraRank + qkRopeHeadDim) + kvLoraRank + (long) kvLoraRank * heads * (qkNopeHeadDim + vHeadDim);
        long o = (long) heads * vHeadDim * h;
        return q + kv + o;
    }

    private static void positive(Map<String, String> p, String field, int value) {
        if (value <= 0) {
            p.put(field, "must be a positive integer, got " + value);
        }
    }

    private static void nonNegative(Map<String, String> p, String field, int value) {
        if (value < 0) {
            p.put(field, "must be a non-negative integer, got " + value);
        }
    }

    private static void mlaOnly(Map<String, String> p, String field, int value) {
        if (value != 0) {
            p.put(field, "applies to multi-head latent attention only; give kv_lora_rank too, or remove it");
        }
    }

    private static void moeOnly(Map<String, String> p, String field, int value) {
        if (value != 0) {
            p.put(field, "applies to mixture-of-experts models only; give experts too, or remove it");
        }
    }
}
