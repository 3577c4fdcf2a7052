package io.asyncrl.jobs.spec;

import io.asyncrl.hw.Architecture;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.operators.sim.core.ModelSpecs;
import io.asyncrl.schemas.ModelSpec;
import java.util.Locale;
import java.util.Optional;

/**
 * The figures {@code check} prints for the model of a validated spec, to compare with the model card:
 * the derived total and active parameter counts, KV-cache bytes per token and forward FLOPs per token.
 */
public final class ModelFigures {
    private ModelFigures() {}

    public static String describe(ModelSpec m) {
        ModelArch used = ModelSpecs.resolve(m);
        Optional<Architecture> shape = ModelSpecs.architecture(m);
        if (shape.isEmpty()) {
            return "model " + used.name();
        }
        Architecture a = shape.get();
        StringBuilder out = new StringBuilder("model ").append(used.name()).append(": ")
                .append(count(a.params())).append(" parameters");
        if (a.isMoe()) {
            out.append(", ").append(count(a.activeParams())).append(" active per token (")
                    .append(a.expertsPerToken()).append(a.sharedExperts() > 0 ? " + " + a.sharedExperts() + " shared" : "")
                    .append(" of ").append(a.experts()).append(" experts)");
        }
        out.append("; KV cache ").append(String.format(Locale.ROOT, "%,d", a.kvBytesPerTokenBf16()))
                .append(" bytes/token in BF16 (").append(a.isMla() ? "MLA latent" : a.kvHeads() + " KV heads x " + a.headDim())
                .append("); forward ").append(String.format(Locale.ROOT, "%.1f", a.denseForwardFlopsPerToken() / 1e9))
                .append(" GFLOP/token before attention");
        if (m.getParamsB() != null) {
            out.append("; params_b given: the hardware models use ").append(fmt(used.paramsB())).append("B total, ")
                    .append(fmt(used.activeParamsB())).append("B active");
        }
        return out.toString();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d (%sB)", n, fmt(ModelArch.billions(n)));
    }

    private static String fmt(double billions) {
        return billions == Math.rint(billions) ? Long.toString((long) billions) : Double.toString(billions);
    }
}
