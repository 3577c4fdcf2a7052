package io.asyncrl.jobs.papers;

import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.Variant;
import io.asyncrl.jobs.compare.VariantSets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * AReaL v0.2, the synchronous realhf before the asynchronous system, at the layouts it published: its README's throughput
 * chart ("AReaL Throughput Benchmark (on H800 GPUs)", {@code assets/thpt_comparison.png} at commit aff05c25) gives the
 * end-to-end training tokens/s of five runs, and {@code examples/configs/{1.5B,7B}-distill/ppo-*-gpus-N.yaml} of the same
 * commit their layouts: half the GPUs generate with SGLang at TP 1 ({@code sglang.dN/2p1m1}), half train at PP 2
 * ({@code dN/4p2m1}), 512 prompts x 16 answers, at most 27,648 new tokens, 4 PPO minibatches; the AReaL math specs are
 * that setting. Reported beside the summary, not counted in it: the rows were found after the summary's goals were set.
 */
final class ArealV02 {
    /** Steps per run: a synchronous step repeats itself, so a few give its rate. */
    static final int STEPS = 10;

    /** One published run: the spec it starts from, the GPUs, and the chart's tokens/s (its bars' labels, given to 1k). */
    record Row(String spec, String model, int gpus, double publishedTokensPerSecond) {}

    static final List<Row> ROWS = List.of(
            new Row("areal-1.5b-math.yaml", "1.5B", 8, 20_000),
            new Row("areal-1.5b-math.yaml", "1.5B", 32, 68_000),
            new Row("areal-1.5b-math.yaml", "1.5B", 128, 173_000),
            new Row("areal-7b-math.yaml", "7B", 32, 26_000),
            new Row("areal-7b-math.yaml", "7B", 128, 95_000));

    private ArealV02() {}

    /** The runs, one per row, in the rows' order: synchronous, half the GPUs generating at TP 1, half training at PP 2. */
    static List<Variant> variants(Path papersDir) throws IOException {
        List<Variant> out = new ArrayList<>();
        for (Row r : ROWS) {
            SpecVariants base = PaperValidation.base(papersDir, r.spec(), PaperValidation.AREAL_FRAMEWORK, STEPS);
            Map<String, String> s = VariantSets.settings("disaggregated", r.gpus() / 2, r.gpus() / 2, "sync", "~", "false",
                    "false");
            s.put("cluster.rollout.tp", "1");
            s.put("cluster.train.tp", "1");
            s.put("cluster.train.pp", "2");
            out.add(base.variant(s, "areal-v0.2-" + r.model().toLowerCase(Locale.ROOT) + "-" + r.gpus()));
        }
        return out;
    }

    /** The section validate papers prints, from each run's trained tokens/s (in the rows' order). */
    static String section(List<Variant> runs, ToDoubleFunction<Variant> tokensPerSecond) {
        StringBuilder b = new StringBuilder("\nAReaL v0.2 (synchronous realhf) at its published layouts: half the H800s "
                + "generate (SGLang, TP 1), half train (PP 2); its README's\n  throughput chart and configs (AReaL commit "
                + "aff05c25; published: its bars' labels, to 1k); trained tokens/s; not among the figures the summary counts\n");
        List<Double> errors = new ArrayList<>();
        for (int i = 0; i < ROWS.size(); i++) {
            Row r = ROWS.get(i);
            double sim = tokensPerSecond.applyAsDouble(runs.get(i));
            double e = PaperValidation.err(sim, r.publishedTokensPerSecond());
            errors.add(Math.abs(e));
            b.append(String.format(Locale.ROOT, "  %-4s on %3d GPUs   | published %6.0f | simulated %6.0f | %+4.0f%%%n",
                    r.model(), r.gpus(), r.publishedTokensPerSecond(), sim, e));
        }
        b.append(String.format(Locale.ROOT, "  median |error| %.0f%%, max %.0f%%%n", PaperValidation.median(errors),
                errors.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        return b.toString();
    }
}
