package io.asyncrl.jobs.run;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.rollout.RolloutShards;
import io.asyncrl.schemas.ExperimentSpec;

/** The one line that says how many shards an experiment's rollout runs on, and why not more. */
public final class ShardNotice {
    private ShardNotice() {}

    /** The line for {@code spec} when {@code offered} shards are offered, or null when only one is. */
    public static String line(ExperimentSpec spec, int offered) {
        if (offered <= 1) {
            return null;
        }
        SimParams params = new CatalogParamsResolver().resolve(spec);
        int used = RolloutShards.count(params, offered);
        String why = RolloutShards.whyNot(params);
        if (why != null) {
            return "asyncrl: " + spec.getName() + ": rollout on 1 shard of " + offered + " offered (" + why + ")";
        }
        return "asyncrl: " + spec.getName() + ": rollout on " + used + " shards of " + offered + " offered"
                + (used < offered ? " (one per rollout instance, " + params.rolloutInstances + ")" : "");
    }
}
