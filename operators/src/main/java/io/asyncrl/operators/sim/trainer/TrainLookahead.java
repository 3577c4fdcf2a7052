package io.asyncrl.operators.sim.trainer;

import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StoredRecord;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.AsyncMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A lower bound on the training time of the trainer's next step, from what it already holds: the trainer's
 * watermark is the time it could publish its next version at the earliest, so the tighter this bound, the
 * further simulated time moves per round trip of the feedback cycle (README, "Simulated time and staleness").
 *
 * <p>In {@code sync} mode without a policy, dynamic sampling or streaming ({@link SimParams#syncWholeBatches}),
 * the next step trains exactly the
 * prompts {@code [steps x P, (steps + 1) x P)}, all of their {@code B} trajectories and nothing else: the rollout
 * generates batch k with version k, so the staleness is 0 and none is dropped. The trajectories of that batch
 * already held count with their own tokens (one that the step would drop as too stale does not count); each
 * missing one with the fewest it can have (the shortest prompt and one answer token), as {@link SimParams#minTrainStepUs}
 * counts all of them. A step's time grows with its tokens, so this is never above the step it bounds, and never
 * below {@link SimParams#minTrainStepUs}.
 *
 * <p>In {@code async} mode without a policy or streaming, a step trains the first {@code P} groups to complete, in
 * completion order (a group a filter drops never enters that order), so the complete groups the trainer holds and has
 * not trained all belong to the next step: fewer than {@code P} of them, or the step would have formed. Their
 * trajectories that the step will keep count with their own tokens, and nothing else counts (the missing groups'
 * answers may yet be dropped as too stale). Before the first step this lets simulated time move by the training
 * time of what has completed per round trip, not by the shortest possible step (docs/performance.md, tenth session).
 * Everywhere else the batch is not known in advance (filters drop groups in sync mode, one-step-off may drop stale
 * ones, policies reorder or age out groups) and the bound is {@link SimParams#minTrainStepUs}.
 */
final class TrainLookahead {
    private TrainLookahead() {}

    /**
     * The earliest time the next version can be available when the batch cannot be complete before
     * {@code earliestStartUs}: that plus the bound on the step plus the switches (colocated) or the weight sync.
     */
    static long nextVersionUs(SimParams params, int stepsDone, Map<Long, ArrayList<StoredRecord>> groups,
            List<Long> complete, HeldComplete held, long earliestStartUs) {
        long after = params.colocated ? 2 * params.switchUs : params.weightSyncUs;
        return SimTime.plus(SimTime.plus(earliestStartUs, nextStepUs(params, stepsDone, groups, complete, held)), after);
    }

    static long nextStepUs(SimParams params, int stepsDone, Map<Long, ArrayList<StoredRecord>> groups,
            List<Long> complete, HeldComplete held) {
        long floor = params.minTrainStepUs();
        if (params.mode == AsyncMode.ASYNC && params.policy == null && !params.streaming) {
            long[] kept = held.kept(params, stepsDone, groups, complete);
            return kept[1] == 0 ? floor
                    : Math.max(floor, SimTime.micros(params.trainStep(kept[0], kept[1]).totalSeconds()));
        }
        if (!params.syncWholeBatches()) {
            return floor;
        }
        long first = (long) stepsDone * params.promptsPerStep;
        long[] kept = new long[2];
        for (long id = first; id < first + params.promptsPerStep; id++) {
            addKept(params, stepsDone, groups.get(id), kept);
        }
        if (kept[1] == 0) {
            return floor;
        }
        long tokens = kept[0] + (params.batchTrajectories - kept[1]) * (params.minPromptTokens + 1L);
        return Math.max(floor, SimTime.micros(params.trainStep(tokens, params.batchTrajectories).totalSeconds()));
    }

    /**
     * The async bound's sums: the tokens ([0]) and count ([1]) of the kept answers of the complete groups the trainer
     * holds. Within one step the complete list only grows at its end (a step takes its first {@code P} groups and the
     * step count moves), so each group is read once as it completes, not again at every watermark; a new step, or a
     * new holder after a restore, starts over.
     */
    static final class HeldComplete {
        private int steps = -1;
        private int counted;
        private final long[] kept = new long[2];

        long[] kept(SimParams params, int stepsDone, Map<Long, ArrayList<StoredRecord>> groups, List<Long> complete) {
            if (stepsDone != steps || complete.size() < counted) {
                steps = stepsDone;
                counted = 0;
                kept[0] = 0;
                kept[1] = 0;
            }
            for (; counted < complete.size(); counted++) {
                addKept(params, stepsDone, groups.get(complete.get(counted)), kept);
            }
            return kept;
        }
    }

    /** Adds the tokens ([0]) and count ([1]) of the group's answers that step {@code stepsDone} will keep (none for null). */
    private static void addKept(SimParams params, int stepsDone, ArrayList<StoredRecord> group, long[] kept) {
        if (group == null) {
            return;
        }
        for (StoredRecord r : group) {
            Trajectory t = r.get(ScoredTrajectory.class).getTrajectory();
            if (params.trains(stepsDone, t.getStartVersion())) {
                kept[0] += (long) t.getPromptTokens() + t.getResponseTokens();
                kept[1]++;
            }
        }
    }

    /** Fails if version {@code version}, available at {@code availableUs}, comes before the watermark already published. */
    static void checkKept(long availableUs, long publishedWatermarkUs, int version) {
        if (availableUs < publishedWatermarkUs) {
            throw new IllegalStateException("the trainer's version " + version + " is available at " + availableUs
                    + " us, before its published watermark " + publishedWatermarkUs + " us: a lookahead promised too much");
        }
    }
}
