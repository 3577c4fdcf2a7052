package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.ExperimentSpec;
import java.util.ArrayList;

/**
 * DAPO's dynamic sampling: a group whose rewards are all equal gives no advantage signal and is filtered
 * after scoring, so the rollout generates more prompts until a batch holds {@code prompts_per_step} kept
 * groups. A prompt belongs to the batch of its position among kept groups (a filtered prompt to the batch
 * of the next kept one): the staleness rule then admits it with that batch. Which groups are kept is a
 * pure function of the spec ({@link Difficulty}), so every stage agrees without exchanging anything.
 */
public final class DynamicSampling {
    private final ExperimentSpec spec;
    private final int groupSize;
    private final int promptsPerStep;
    /** keptBefore.get(p): informative groups among prompts 0..p-1; grown on demand. */
    private final ArrayList<Long> keptBefore = new ArrayList<>();

    public DynamicSampling(ExperimentSpec spec) {
        this.spec = spec;
        this.groupSize = spec.getAlgorithm().getGroupSize();
        this.promptsPerStep = spec.getAlgorithm().getPromptsPerStep();
        keptBefore.add(0L);
    }

    public static boolean enabled(ExperimentSpec spec) {
        return Boolean.TRUE.equals(spec.getAlgorithm().getDynamicSampling());
    }

    /** Kept groups among prompts {@code 0 .. promptId - 1}. */
    public long keptBefore(long promptId) {
        while (keptBefore.size() <= promptId) {
            long p = keptBefore.size() - 1;
            keptBefore.add(keptBefore.get((int) p) + (Difficulty.informative(spec, p) ? 1 : 0));
        }
        return keptBefore.get((int) promptId);
    }

    /** The trajectory's place in the stream of kept groups, which the staleness rule counts in batches. */
    public long effectiveTrajectory(long trajectoryId) {
        long prompt = trajectoryId / groupSize;
        return keptBefore(prompt) * groupSize + trajectoryId % groupSize;
    }

    /** The first prompt after the batch that {@code promptId} belongs to. */
    public long batchEndPrompt(long promptId) {
        long batch = keptBefore(promptId) / promptsPerStep;
        long p = promptId;
        while (keptBefore(p + 1) < (batch + 1) * promptsPerStep) {
            p++;
        }
        return p + 1;
    }

    /** Prompts to generate so that {@code keptGroups} groups are kept. */
    public long promptsFor(long keptGroups) {
        long p = 0;
        long limit = 1_000_000L + 1_000L * keptGroups;
        while (keptBefore(p) < keptGroups) {
            if (++p > limit) {
                throw new IllegalStateException("dynamic sampling kept " + keptBefore(p) + " of " + p
                        + " groups: the pass rates leave almost every group's rewards equal");
            }
        }
        return p;
    }
}
