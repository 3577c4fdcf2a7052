package io.asyncrl.jobs.plan;

import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.Variant;
import io.asyncrl.jobs.spec.SpecException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * plan's recommendation as a spec to run: the planned spec with the recommended placement, split, TP of each role
 * and staleness bound (the settings the recommended candidate was simulated with), but the spec's own steps and
 * evaluation, which the search shortens and leaves out. plan --out writes it as {@value #FILE} (one count) or
 * recommended-N.yaml (each count of --devices N1,N2,...), so "run what plan recommends" is one command.
 */
final class RecommendedSpec {
    static final String FILE = "recommended.yaml";

    private RecommendedSpec() {}

    /** The file of the recommendation at {@code devices} when plan searched several counts. */
    static String fileFor(int devices) {
        return "recommended-" + devices + ".yaml";
    }

    /** The recommendation's spec text, with a comment saying what it is; {@code file} is where it will be written. */
    static String text(SpecVariants base, Planner.Result r, String spec, int devices, String file) {
        Candidate best = r.best();
        Map<String, String> settings = new LinkedHashMap<>(best.variant.settings());
        settings.remove("algorithm.steps");
        settings.remove("evaluation");
        String note = "";
        Variant v;
        try {
            v = base.variant(settings, "recommended");
        } catch (SpecException evaluationDoesNotFit) {
            settings.put("evaluation", "~");
            v = base.variant(settings, "recommended");
            note = "# The spec's evaluation block is left out: with this split it is refused ("
                    + evaluationDoesNotFit.getMessage().strip().replace('\n', ' ') + ").\n";
        }
        String inlined = SpecVariants.withHardwareInlined(v);
        return String.format(Locale.ROOT, "# asyncrl plan's recommendation for %s on %d devices: %s -> %.0f trained "
                + "tokens/s%n# (steady state of %d simulated steps). The spec with the recommended placement, split, TP of "
                + "each role and%n# staleness bound; its steps and evaluation are the spec's. Run it:%n#   ./asyncrl run %s "
                + "--out DIR%n", spec, devices, best.config(), best.simulated, r.simulatedSteps(), file) + note
                + (inlined.equals(v.yaml()) ? "" : "# The spec's hardware: {include: ...} is written out as the options it "
                        + "gave, so this file runs from any folder.\n") + inlined;
    }
}
