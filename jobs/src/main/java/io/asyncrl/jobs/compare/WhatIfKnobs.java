package io.asyncrl.jobs.compare;

import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.hw.SyncMechanism;
import io.asyncrl.operators.sim.core.SpecHardware;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.Placement;
import java.util.List;
import java.util.Map;

/**
 * The what-if rows of the execution mechanics a framework sets (docs/hardware-models.md, Framework profiles): for
 * each of the costly choices the spec's run makes (its framework profile, its {@code hardware:} block, or the model's
 * defaults), the row that makes the cheaper one, through the hardware option that the profile's mechanic sets, so it
 * wins over the profile. Rows only where the spec makes the costly choice:
 * <ul>
 *   <li>an eager rollout engine (verl's {@code enforce_eager}): CUDA graphs;</li>
 *   <li>old log-probs recomputed by the trainer: taken from the rollout engine (verl's {@code use_rollout_log_probs};
 *       the algorithm then trusts the engine's numbers);</li>
 *   <li>disaggregated, weights synced through disk (AReaL's {@code weight_update_mode: disk}): an NCCL broadcast;</li>
 *   <li>colocated, weights or optimizer state offloaded at each switch: kept on the devices (the spec's memory check
 *       may refuse it, which the row then says).</li>
 * </ul>
 */
final class WhatIfKnobs {
    private WhatIfKnobs() {}

    /** Appends the rows that apply to {@code spec} to {@code names} and {@code out}. */
    static void add(ExperimentSpec spec, List<String> names, List<Map<String, String>> out) {
        OptionValues o = SpecHardware.options(spec);
        boolean colocated = spec.getCluster().getPlacement() == Placement.COLOCATED;
        String eager = colocated ? HardwareModelOptions.COLOCATED_EAGER.key() : HardwareModelOptions.DEDICATED_EAGER.key();
        if (o.get(colocated ? HardwareModelOptions.COLOCATED_EAGER : HardwareModelOptions.DEDICATED_EAGER)) {
            names.add("CUDA graphs in the rollout engine (" + eager + " -> false)");
            out.add(SpecVariants.settings("hardware." + eager, "false"));
        }
        if (o.get(HardwareModelOptions.LOGPROB_RECOMPUTE)) {
            String key = HardwareModelOptions.LOGPROB_RECOMPUTE.key();
            names.add("old log-probs from the rollout engine (" + key + " -> false)");
            out.add(SpecVariants.settings("hardware." + key, "false"));
        }
        if (!colocated && o.get(HardwareModelOptions.SYNC_MECHANISM) == SyncMechanism.DISK) {
            String key = HardwareModelOptions.SYNC_MECHANISM.key();
            names.add("weights synced by NCCL broadcast, not through disk (" + key + " disk -> nccl)");
            out.add(SpecVariants.settings("hardware." + key, SyncMechanism.NCCL.key()));
        }
        if (colocated && (o.get(HardwareModelOptions.PARAM_OFFLOAD) || o.get(HardwareModelOptions.OPTIMIZER_OFFLOAD))) {
            names.add("no offload at the switch (train.param-offload, train.optimizer-offload -> false)");
            out.add(SpecVariants.settings("hardware." + HardwareModelOptions.PARAM_OFFLOAD.key(), "false",
                    "hardware." + HardwareModelOptions.OPTIMIZER_OFFLOAD.key(), "false"));
        }
    }
}
