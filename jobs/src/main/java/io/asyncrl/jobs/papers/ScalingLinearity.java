package io.asyncrl.jobs.papers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * AsyncFlow's scaling linearity (a published result beside its speedups, not one of the ratios the goal counts): the
 * trained tokens/s of AsyncFlow's configuration at the large cluster over that at the small one, each at its own
 * fastest split ({@link AsyncFlowSplits}), over the size factor. The batch is the same at both sizes (AReaL's math
 * setting, as for every AsyncFlow row: AsyncFlow publishes none), so it is strong scaling.
 */
final class ScalingLinearity {
    private ScalingLinearity() {}

    /** The AsyncFlow specs the rows compare, each once, in order. */
    static List<String> specs() {
        Set<String> out = new LinkedHashSet<>();
        for (Published.Linearity l : Published.ASYNCFLOW_LINEARITY) {
            out.add(l.small());
            out.add(l.large());
        }
        return new ArrayList<>(out);
    }

    /** Simulated linearity of a row, from each spec's fastest AsyncFlow split (trained tokens/s by spec file). */
    static double simulated(Published.Linearity l, Map<String, Double> fastest) {
        return fastest.get(l.large()) / fastest.get(l.small()) / l.factor();
    }

    /** The section validate papers prints. */
    static String section(Map<String, Double> fastest) {
        StringBuilder b = new StringBuilder("\nAsyncFlow scaling linearity over a 16x larger cluster (trained tokens/s on the large "
                + "cluster / on the small one / 16,\n  each at its fastest split above; the same batch at both sizes, "
                + "AsyncFlow's not being published; not among the ratios the summary counts)\n");
        for (Published.Linearity l : Published.ASYNCFLOW_LINEARITY) {
            double sim = simulated(l, fastest);
            b.append(String.format(Locale.ROOT, "  %-22s | published %.2f | simulated %.2f | %+5.0f%%   (%.0f -> %.0f trained "
                    + "tokens/s)%n", l.label(), l.published(), sim, PaperValidation.err(sim, l.published()),
                    fastest.get(l.small()), fastest.get(l.large())));
        }
        return b.toString();
    }
}
