package io.asyncrl.jobs.report;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.util.List;

/**
 * How much of the rollout pool's capacity is in use over time, per time bin: the batch slots (sequences on the
 * instances over {@code instances x max_num_seqs}) and the KV cache (their cached tokens over {@code instances x}
 * the hardware model's KV capacity). A trajectory holds a slot from its prefill start to its last token, and its
 * cache grows linearly from its prompt to prompt + response over that time (preemptions and re-prefills are not
 * seen in the outputs); sequences still running when the run ended have no trajectory and are not counted.
 */
record RolloutOccupancy(double[] batch, double[] kv) {

    static RolloutOccupancy of(ExperimentSpec spec, List<TrajectoryOutcome> outcomes, int bins, double binUs) {
        SimParams p = new CatalogParamsResolver().resolve(spec);
        double slots = (double) p.rolloutInstances * p.maxNumSeqs * binUs;
        double cache = (double) p.rolloutInstances * p.rolloutTiming.kvCapacityTokens() * binUs;
        double[] seqUs = new double[bins];
        double[] tokenUs = new double[bins];
        for (TrajectoryOutcome o : outcomes) {
            Trajectory t = o.getScored().getTrajectory();
            long s = t.getStartUs();
            long e = t.getEndUs();
            if (e <= s) {
                continue;
            }
            double slope = (double) t.getResponseTokens() / (e - s);
            int first = (int) Math.max(0, Math.floor(s / binUs));
            int last = (int) Math.min(bins - 1, Math.floor((e - 1) / binUs));
            for (int b = first; b <= last; b++) {
                double lo = Math.max(s, b * binUs);
                double hi = Math.min(e, (b + 1) * binUs);
                if (hi <= lo) {
                    continue;
                }
                seqUs[b] += hi - lo;
                // integral of prompt + slope x (time since start) over [lo, hi]
                tokenUs[b] += t.getPromptTokens() * (hi - lo) + slope * ((hi - s) * (hi - s) - (lo - s) * (lo - s)) / 2;
            }
        }
        double[] batch = new double[bins];
        double[] kv = new double[bins];
        for (int b = 0; b < bins; b++) {
            batch[b] = slots > 0 ? Math.min(1.0, seqUs[b] / slots) : 0;
            kv[b] = cache > 0 ? Math.min(1.0, tokenUs[b] / cache) : 0;
        }
        return new RolloutOccupancy(batch, kv);
    }
}
