package io.asyncrl.operators.sim.trainer;

import io.asyncrl.operators.sim.core.Emitter;
import io.asyncrl.operators.sim.core.StoredRecord;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How a policy chooses the groups of a step in the trainer (docs/policies.md).
 *
 * <p>Age bound ({@code async.policy.max_trajectory_age}, NeMo-RL {@code max_trajectory_age_steps}): before step k
 * is formed, every complete group with a trajectory started under a version older than k - N is dropped from the
 * buffer, so the step is made of fresh groups only and no trained trajectory is ever older than N.
 *
 * <p>Rounds (over-provisioning, tail batching): step k is the groups the rollout tagged with round k.
 */
final class AgeBound {
    private AgeBound() {}

    /** Drops the complete groups too old for step {@code k}; their outcomes go out at {@code now}. Returns the count. */
    static long dropTooOld(List<Long> complete, Map<Long, ArrayList<StoredRecord>> groups, int k, int maxAge, long now,
            Emitter out) {
        List<TrajectoryOutcome> outcomes = new ArrayList<>();
        for (Iterator<Long> it = complete.iterator(); it.hasNext(); ) {
            long prompt = it.next();
            List<ScoredTrajectory> group = decode(groups.get(prompt));
            boolean tooOld = false;
            for (ScoredTrajectory s : group) {
                tooOld |= k - s.getTrajectory().getStartVersion() > maxAge;
            }
            if (tooOld) {
                it.remove();
                groups.remove(prompt);
                for (ScoredTrajectory s : group) {
                    outcomes.add(new TrajectoryOutcome(s, false, k, -1, -1.0, false));
                }
            }
        }
        outcomes.sort((a, b) -> Long.compare(a.getScored().getTrajectory().getTrajectoryId(),
                b.getScored().getTrajectory().getTrajectoryId()));
        for (TrajectoryOutcome o : outcomes) {
            out.metric(now, o);
        }
        return outcomes.size();
    }

    /** The {@code p} complete groups tagged with round {@code k}, taken out of {@code complete}, or null. */
    static List<Long> roundBatch(List<Long> complete, Map<Long, ArrayList<StoredRecord>> groups, int k, int p) {
        List<Long> batch = new ArrayList<>();
        for (long prompt : complete) {
            if (decode(groups.get(prompt)).get(0).getTrajectory().getRound() == k) {
                batch.add(prompt);
            }
        }
        if (batch.size() < p) {
            return null;
        }
        complete.removeAll(batch);
        return batch;
    }

    private static List<ScoredTrajectory> decode(List<StoredRecord> records) {
        List<ScoredTrajectory> out = new ArrayList<>();
        for (StoredRecord r : records) {
            out.add(r.get(ScoredTrajectory.class));
        }
        return out;
    }
}
