package io.asyncrl.operators.sim.trainer;

import io.asyncrl.operators.sim.core.StoredRecord;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.DynamicSampling;
import io.asyncrl.schemas.ScoredTrajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * DAPO's dynamic-sampling filter in the trainer: a complete group whose rewards are all equal is taken out
 * before any batch sees it (its advantages would all be zero). Async mode then simply trains the next
 * complete groups; sync and one-step-off train the batch's own prompts in order, skipping filtered ones,
 * from {@code nextPrompt}. Filtered ids below {@code nextPrompt} are cleared as batches form.
 */
public final class GroupFilter {
    long nextPrompt;
    TreeSet<Long> filtered = new TreeSet<>();
    long groupsFiltered;
    long groupsPassed;

    public GroupFilter() {}

    boolean active(SimParams params) {
        return DynamicSampling.enabled(params.spec);
    }

    /** For a group just completed: true (and the group removed) when dynamic sampling filters it. */
    boolean filters(SimParams params, long prompt, Map<Long, ArrayList<StoredRecord>> groups) {
        if (!active(params)) {
            return false;
        }
        ArrayList<StoredRecord> group = groups.get(prompt);
        double first = Double.NaN;
        boolean equal = true;
        for (StoredRecord stored : group) {
            double r = stored.get(ScoredTrajectory.class).getReward();
            if (Double.isNaN(first)) {
                first = r;
            } else if (r != first) {
                equal = false;
                break;
            }
        }
        if (!equal) {
            groupsPassed++;
            return false;
        }
        groups.remove(prompt);
        filtered.add(prompt);
        groupsFiltered++;
        return true;
    }

    /** Sync and one-step-off: the next prompts_per_step kept groups in prompt order, or null while one is incomplete. */
    List<Long> nextBatch(SimParams params, Map<Long, ArrayList<StoredRecord>> groups) {
        List<Long> batch = new ArrayList<>(params.promptsPerStep);
        long id = nextPrompt;
        while (batch.size() < params.promptsPerStep) {
            if (filtered.contains(id)) {
                id++;
                continue;
            }
            ArrayList<StoredRecord> g = groups.get(id);
            if (g == null || g.size() < params.groupSize) {
                return null;
            }
            batch.add(id);
            id++;
        }
        filtered.headSet(id).clear();
        nextPrompt = id;
        return batch;
    }

    void counters(SimParams params, Map<String, Long> c) {
        if (!active(params)) {
            return;
        }
        c.put("groups_filtered", groupsFiltered);
        c.put("groups_passed", groupsPassed);
        c.put("filtered", groupsFiltered * params.groupSize);
    }
}
