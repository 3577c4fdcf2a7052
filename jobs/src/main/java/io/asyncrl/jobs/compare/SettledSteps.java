package io.asyncrl.jobs.compare;

import io.asyncrl.operators.sim.core.StalenessRule;
import io.asyncrl.schemas.ExperimentSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * How many steps a rerun needs for its second half to be steady. An asynchronous run admits up to eta batches ahead
 * at its start, all at once, and over a short run its second half still drains that head start, so its trained
 * tokens/s is too high, the more so the larger eta: the 7B example's eta-2 split gave 224,747 over 6 steps, 210,180
 * over 12, 204,765 over 24 and 204,654 over 48 (docs/report.md, plan, Settled figures). {@code plan} settles its leaders
 * over this many steps, and its what-if table and {@code report}'s rerun as many.
 */
public final class SettledSteps {
    /** The fewest steps a settled run trains. */
    public static final int MIN = 24;

    private SettledSteps() {}

    /** max({@code atLeast}, {@link #MIN}, 4 x (eta + 1)): 24 up to eta 5, 36 at eta 8. */
    public static int of(int atLeast, int eta) {
        return Math.max(atLeast, Math.max(MIN, 4 * (eta + 1)));
    }

    /**
     * A line naming the variants whose steady figure still holds their fill: asynchronous ones (a trained sample may
     * lag eta >= 1 versions) that ran fewer than 4 x (eta + 1) steps, where the measured excess was a few percent (eta 2
     * over 12 steps: +2.7%) and grows fast below it; "" when there is none.
     */
    public static String shortRunNote(List<ExperimentSpec> specs, List<String> labels) {
        List<String> short_ = new ArrayList<>();
        int need = 0;
        for (int i = 0; i < specs.size(); i++) {
            ExperimentSpec s = specs.get(i);
            int eta = StalenessRule.of(s.getAsync(), s.getAlgorithm().getGroupSize() * s.getAlgorithm().getPromptsPerStep())
                    .maxTrainedStaleness();
            if (eta >= 1 && s.getAlgorithm().getSteps() < 4 * (eta + 1)) {
                short_.add(labels.get(i));
                need = Math.max(need, 4 * (eta + 1));
            }
        }
        if (short_.isEmpty()) {
            return "";
        }
        boolean one = short_.size() == 1;
        return "note: " + String.join(", ", short_) + " ran fewer steps than " + (one ? "its" : "their") + " pipeline's "
                + "fill needs (4 x (eta + 1)): " + (one ? "its steady figure still drains" : "their steady figures still "
                + "drain") + " the batches admitted ahead at the start and " + (one ? "is" : "are") + " too high; set "
                + "algorithm.steps to " + need + " or more for steady ones (docs/report.md, plan: Settled figures)\n";
    }
}
