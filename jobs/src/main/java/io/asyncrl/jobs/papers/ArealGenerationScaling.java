package io.asyncrl.jobs.papers;

import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.Variant;
import io.asyncrl.jobs.compare.VariantSets;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.schemas.StepReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * AReaL's strong scaling of synchronous batched generation: its v0.3 blog ({@code blog/AReaL_v0_3.md} at commit
 * adeb8eb1, Fig. 2 left, {@code assets/gen_scaling_trend.png}: "Strong scaling of batched generation throughput for a
 * 1.5B LRM", generation tokens/s on 8 to 128 GPUs) shows why a synchronous system that spreads generation over all its
 * devices stops scaling. The blog does not give the batch, the lengths or the engine's settings, so the rows are compared
 * as throughput relative to 8 GPUs, simulated with the AReaL 1.5B math spec's batch and lengths: synchronous, every GPU
 * generating at TP 1 with the areal profile (SGLang), the generation of each step timed from the weights being usable
 * to the batch being ready. Reported beside the summary, not counted in it: found after the summary's goals were set.
 */
final class ArealGenerationScaling {
    /** Steps per run: a synchronous step repeats itself, so a few give its rate. */
    static final int STEPS = 4;

    static final String SPEC = "areal-1.5b-math.yaml";

    /** The GPU count every row is relative to: the chart's smallest. */
    static final int BASE_GPUS = 8;

    /**
     * One bar of the chart: GPUs and generation tokens/s. Read off the PNG's pixels (bar tops against the 0.1M
     * gridlines, 31.8 px apart): about +-0.003M.
     */
    record Row(int gpus, double publishedTokensPerSecond) {}

    static final List<Row> ROWS = List.of(
            new Row(8, 126_000), new Row(16, 223_000), new Row(32, 395_000), new Row(64, 619_000), new Row(128, 641_000));

    private ArealGenerationScaling() {}

    /** The runs, one per row, in the rows' order: synchronous, all the GPUs generating at TP 1. */
    static List<Variant> variants(Path papersDir) throws IOException {
        List<Variant> out = new ArrayList<>();
        SpecVariants base = PaperValidation.base(papersDir, SPEC, PaperValidation.AREAL_FRAMEWORK, STEPS);
        for (Row r : ROWS) {
            // the trainer is not timed here; the smallest one that holds the 1.5B model's training state
            Map<String, String> s = VariantSets.settings("disaggregated", r.gpus(), BASE_GPUS, "sync", "~", "false",
                    "false");
            s.put("cluster.rollout.tp", "1");
            s.put("cluster.train.tp", "1");
            out.add(base.variant(s, "areal-generation-1.5b-" + r.gpus()));
        }
        return out;
    }

    /**
     * Generated tokens per second of generation: each step's response tokens over its generation window, from the
     * previous step's weights being usable on the rollout ({@code available_us}; 0 for the first step) to the batch
     * being ready ({@code batch_ready_us}).
     */
    static double generationTokensPerSecond(List<StepReport> steps) {
        long tokens = 0;
        long us = 0;
        long from = 0;
        for (StepReport s : steps) {
            tokens += s.getResponseTokens();
            us += s.getBatchReadyUs() - from;
            from = s.getAvailableUs();
        }
        if (us <= 0) {
            throw new IllegalStateException("no generation time in " + steps.size() + " steps");
        }
        return tokens / (us / 1e6);
    }

    /** The section validate papers prints, from each run's step reports (in the rows' order). */
    static String section(List<Variant> runs, Function<Variant, RunResult> results) {
        StringBuilder b = new StringBuilder("\nAReaL's synchronous generation, strong scaling (its v0.3 blog, Fig. 2 left: "
                + "a 1.5B model's batched generation tokens/s,\n  commit adeb8eb1; read off the chart to about 3k); its batch "
                + "and lengths are not published, so the 1.5B math spec's are simulated,\n  every GPU generating (TP 1), "
                + "and the rows compare throughput relative to " + BASE_GPUS
                + " GPUs; not among the figures the summary counts\n");
        double simBase = 0;
        List<Double> errors = new ArrayList<>();
        for (int i = 0; i < ROWS.size(); i++) {
            Row r = ROWS.get(i);
            double sim = generationTokensPerSecond(results.apply(runs.get(i)).steps());
            if (i == 0) {
                simBase = sim;
            }
            double pubRel = r.publishedTokensPerSecond() / ROWS.get(0).publishedTokensPerSecond();
            double simRel = sim / simBase;
            String rel = "";
            if (i > 0) {
                double e = PaperValidation.err(simRel, pubRel);
                errors.add(Math.abs(e));
                rel = String.format(Locale.ROOT, " | relative: published %4.2fx, simulated %4.2fx | %+4.0f%%", pubRel, simRel,
                        e);
            }
            b.append(String.format(Locale.ROOT, "  %3d GPUs   | published %7.0f | simulated %7.0f tokens/s%s%n", r.gpus(),
                    r.publishedTokensPerSecond(), sim, rel));
        }
        b.append(String.format(Locale.ROOT, "  relative throughput: median |error| %.0f%%, max %.0f%%%n",
                PaperValidation.median(errors), errors.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        return b.toString();
    }
}
