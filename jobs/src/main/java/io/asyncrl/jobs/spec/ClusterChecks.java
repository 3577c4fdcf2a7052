package io.asyncrl.jobs.spec;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.operators.sim.core.SpecHardware;
import io.asyncrl.operators.sim.core.StalenessRule;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.AsyncSpec;
import io.asyncrl.schemas.ClusterSpec;
import io.asyncrl.schemas.EvaluationSpec;
import io.asyncrl.schemas.Placement;
import io.asyncrl.schemas.RoleSpec;
import java.util.List;
import java.util.Optional;

/** Checks {@code cluster:} (device, roles, limits, placement), {@code async:} and {@code evaluation:}. */
final class ClusterChecks {
    private final ValidationContext c;

    ClusterChecks(ValidationContext c) {
        this.c = c;
    }

    Optional<Device> checkDevice() {
        if (!c.ok("cluster.device")) {
            return Optional.empty();
        }
        Optional<Device> inline = SpecHardware.inlineDevice(c.spec);
        if (inline.isPresent()) {
            return inline;
        }
        String name = c.spec.getCluster().getDevice();
        List<String> known;
        if (ValidationContext.isBlank(name)) {
            known = c.hw.deviceNames();
            c.error("cluster.device", "must name a catalog device; known: " + String.join(", ", known));
            return Optional.empty();
        }
        Optional<Device> device = c.hw.device(name);
        if (device.isEmpty()) {
            known = c.hw.deviceNames();
            c.error("cluster.device", "unknown device '" + name + "'" + Suggestions.didYouMean(name, known) + "; known: "
                    + String.join(", ", known));
        }
        return device;
    }

    /** Checks one role's parallelism; true when it is sound enough for the memory check. */
    boolean checkRole(String p, RoleSpec role, Optional<ModelArch> model, boolean rollout) {
        boolean devicesOk = c.positiveInt(p + ".devices", role.getDevices());
        boolean tpOk = c.positiveInt(p + ".tp", role.getTp());
        boolean ppOk = c.positiveInt(p + ".pp", role.getPp());
        if (rollout && ppOk && role.getPp() != 1) {
            c.error(p + ".pp", "must be 1: rollout instances are modelled with tensor parallelism only; use tp to split a "
                    + "model across devices, got " + role.getPp());
            ppOk = false;
        }
        if (devicesOk && tpOk && ppOk) {
            int perReplica = role.getTp() * role.getPp();
            if (role.getDevices() % perReplica != 0) {
                String what = rollout ? "tp (" + role.getTp() + "): each rollout instance uses tp devices"
                        : "tp x pp (" + role.getTp() + " x " + role.getPp() + " = " + perReplica
                                + "): data parallelism replicates tp x pp devices";
                c.error(p + ".devices", "must be a multiple of " + what + ", got " + role.getDevices());
                devicesOk = false;
            }
        }
        boolean shapeOk = devicesOk && tpOk && ppOk;
        if (model.isPresent() && tpOk) {
            shapeOk &= c.tpDividesHeads(p + ".tp", role.getTp(), model.get());
        }
        if (model.isPresent() && ppOk && role.getPp() > model.get().layers()) {
            c.error(p + ".pp", "must not exceed the " + model.get().layers() + " layers of " + model.get().name() + ", got "
                    + role.getPp());
            shapeOk = false;
        }
        return shapeOk;
    }

    void checkClusterLimits() {
        ClusterSpec cl = c.spec.getCluster();
        c.positiveInt("cluster.max_num_seqs", cl.getMaxNumSeqs());
        if (c.ok("cluster.queue_depth") && cl.getQueueDepth() < 1) {
            c.error("cluster.queue_depth", "must be at least 1: dispatch sends a sequence only to an instance with queue "
                    + "credit (queue_depth minus the sequences it holds queued), so with " + cl.getQueueDepth()
                    + " nothing would ever be generated; remove it for the default (32)");
        }
    }

    void checkPlacementAndMode() {
        ClusterSpec cl = c.spec.getCluster();
        AsyncMode mode = c.spec.getAsync().getMode();
        if (!c.ok("cluster.placement") || cl.getPlacement() != Placement.COLOCATED) {
            return;
        }
        if (c.ok("async.mode") && mode != AsyncMode.SYNC) {
            c.error("cluster.placement", "colocated placement time-shares the same devices between generation and training, "
                    + "so it only supports async.mode sync; mode " + SpecReader.enumName(mode)
                    + " overlaps them and needs placement disaggregated");
        }
        if (c.ok("cluster.rollout.devices", "cluster.train.devices")
                && cl.getRollout().getDevices() != cl.getTrain().getDevices()) {
            c.error("cluster.train.devices", "colocated placement runs rollout and training on the same devices: must equal "
                    + "cluster.rollout.devices (" + cl.getRollout().getDevices() + "), got " + cl.getTrain().getDevices());
        }
    }

    void checkAsync() {
        AsyncSpec a = c.spec.getAsync();
        boolean stalenessOk = c.nonNegativeInt("async.max_staleness", a.getMaxStaleness());
        if (!c.ok("async.mode")) {
            return;
        }
        if (stalenessOk) {
            StalenessRule.contradiction(a.getMode(), a.getMaxStaleness())
                    .ifPresent(why -> c.error("async.max_staleness", why));
        }
        if (c.ok("async.staleness_threshold") && a.getStalenessThreshold() != null) {
            if (a.getStalenessThreshold() < 0) {
                c.error("async.staleness_threshold", "must be a non-negative fraction of a batch (verl's staleness_threshold, "
                        + "e.g. 0.1), got " + a.getStalenessThreshold());
            } else if (a.getMode() != AsyncMode.ASYNC) {
                c.error("async.staleness_threshold", "is a bound of mode async (the share of a batch the rollout may "
                        + "produce ahead with old weights); mode " + SpecReader.enumName(a.getMode())
                        + " fixes the staleness: remove it or set mode async");
            }
        }
        if (c.ok("async.updates_per_sync") && a.getUpdatesPerSync() > 1 && c.ok("cluster.placement")
                && c.spec.getCluster().getPlacement() == Placement.COLOCATED) {
            c.error("async.updates_per_sync", "needs placement disaggregated: a colocated engine gets the new weights at "
                    + "every switch back to generation; remove it or set cluster.placement to disaggregated");
        }
        if (c.ok("async.partial_rollout") && a.getPartialRollout() && a.getMode() != AsyncMode.ASYNC) {
            c.error("async.partial_rollout", "is only meaningful with mode async (generation interrupted by a weight update "
                    + "resumes under the new weights); mode " + SpecReader.enumName(a.getMode())
                    + " never interrupts generation: set it to false or remove it");
        }
        if (c.ok("async.streaming") && a.getStreaming() && c.ok("cluster.placement")
                && c.spec.getCluster().getPlacement() == Placement.COLOCATED) {
            c.error("async.streaming", "needs placement disaggregated: a colocated trainer shares the rollout devices and "
                    + "cannot train while they generate; set cluster.placement to disaggregated or remove streaming");
        }
        if (c.ok("async.streaming") && a.getStreaming() && c.ok("algorithm.prompts_per_step") && c.ok("algorithm.minibatches")
                && c.spec.getAlgorithm().getPromptsPerStep() < c.spec.getAlgorithm().getMinibatches()) {
            c.error("async.streaming", "streams whole groups into each of the " + c.spec.getAlgorithm().getMinibatches()
                    + " minibatches, so algorithm.prompts_per_step (" + c.spec.getAlgorithm().getPromptsPerStep()
                    + ") must be at least algorithm.minibatches; lower minibatches or remove streaming");
        }
    }

    void checkEvaluation(boolean rolloutOk) {
        EvaluationSpec e = c.spec.getEvaluation();
        boolean everyOk = c.nonNegativeInt("evaluation.every_steps", e.getEverySteps());
        boolean promptsOk = c.nonNegativeInt("evaluation.prompts", e.getPrompts());
        boolean tokensOk = c.nonNegativeInt("evaluation.response_tokens", e.getResponseTokens());
        boolean devicesOk = c.nonNegativeInt("evaluation.devices", e.getDevices());
        if (everyOk && e.getEverySteps() > 0) {
            if (promptsOk && e.getPrompts() == 0) {
                c.error("evaluation.prompts", "must be positive when evaluation is enabled (every_steps "
                        + e.getEverySteps() + "), got 0; or set every_steps to 0 to disable evaluation");
            }
            if (tokensOk && e.getResponseTokens() == 0) {
                c.error("evaluation.response_tokens", "must be positive when evaluation is enabled (every_steps "
                        + e.getEverySteps() + "), got 0; or set every_steps to 0 to disable evaluation");
            }
        }
        int tp = c.spec.getCluster().getRollout().getTp();
        if (devicesOk && e.getDevices() > 0 && rolloutOk && e.getDevices() % tp != 0) {
            c.error("evaluation.devices", "must be a multiple of cluster.rollout.tp (" + tp
                    + "): evaluation runs rollout instances, got " + e.getDevices());
        }
    }
}
