package io.asyncrl.jobs.papers;

import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.Variant;
import io.asyncrl.jobs.compare.VariantSets;
import io.asyncrl.jobs.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * AsyncFlow's rollout/train split, chosen as AsyncFlow's resource layer chooses it: by simulation. AsyncFlow does not
 * publish its split, so validate papers simulates the AsyncFlow configuration (async, eta 1, no interruption,
 * streaming minibatches) at {@link #ROLLOUT_SHARES} of the devices for every AsyncFlow spec and keeps the fastest.
 */
final class AsyncFlowSplits {
    /**
     * AsyncFlow sizes its task pools by execution-time simulation (its resource layer) and does not publish
     * the split; validate papers does the same for every AsyncFlow row: it simulates the AsyncFlow
     * configuration with these rollout shares of the devices and keeps the fastest.
     */
    static final double[] ROLLOUT_SHARES = {0.25, 0.375, 0.5, 0.625, 0.75};
    /** Split granularity: half an Ascend node (16 NPUs per node). */
    static final int GRANULE = 8;

    private AsyncFlowSplits() {}

    /** AsyncFlow (async, eta 1, no interruption, streaming) at each rollout share the hardware can hold. */
    static List<Variant> candidates(SpecVariants base) {
        var cluster = base.tree().path("cluster");
        int total = cluster.path("rollout").path("devices").asInt() + cluster.path("train").path("devices").asInt();
        int rtp = cluster.path("rollout").path("tp").asInt(1);
        int ttp = cluster.path("train").path("tp").asInt(1);
        int granule = Math.max(GRANULE, Math.max(rtp, ttp));
        List<Variant> out = new ArrayList<>();
        Set<Integer> seen = new TreeSet<>();
        for (double share : ROLLOUT_SHARES) {
            int r = (int) Math.round(total * share / granule) * granule;
            if (r <= 0 || r >= total || r % rtp != 0 || (total - r) % ttp != 0 || !seen.add(r)) {
                continue;
            }
            try {
                out.add(variant(base, r, total - r, "async", true, "asyncflow-" + r + "+" + (total - r)));
            } catch (SpecException refused) {
                // this split does not fit the device memory: not a candidate
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no AsyncFlow split of " + total + " devices fits memory");
        }
        return out;
    }

    /** The spec on {@code rollout} + {@code train} devices in {@code mode} (eta 1 when async), without interruption. */
    static Variant variant(SpecVariants base, int rollout, int train, String mode, boolean streaming, String label) {
        return base.variant(VariantSets.settings("disaggregated", rollout, train, mode, mode.equals("async") ? "1" : "~",
                "false", String.valueOf(streaming)), label);
    }

    /** An AsyncFlow spec file's row label: asyncflow-7b-256.yaml is "7B, 256 NPUs". */
    static String label(String specFile) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("asyncflow-(\\d+)b-(\\d+)\\.yaml").matcher(specFile);
        return m.matches() ? m.group(1) + "B, " + m.group(2) + " NPUs" : specFile;
    }

    /** The shares as printed: 0.25, 0.375, ... */
    static String shares() {
        List<String> p = new ArrayList<>();
        for (double s : ROLLOUT_SHARES) {
            p.add(String.format(Locale.ROOT, "%.3f", s).replaceAll("0+$", ""));
        }
        return String.join(", ", p);
    }
}
