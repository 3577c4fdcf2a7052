package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.core.Emitter;
import io.asyncrl.operators.sim.core.ExperimentSpecHolder;
import io.asyncrl.operators.sim.core.PolicyParams;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.Surplus;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Over-provisioned rounds ({@code async.policy.over_provision}, APRIL in slime) and tail batching
 * ({@code surplus: defer}, RollPacker): the rollout controller, not the trainer, decides which groups form step r.
 *
 * <p>Round r opens once the rollout holds version r (r - 1 in one-step-off) and round r - 1 has closed. It
 * dispatches ceil(P x (1 + over_provision)) prompts, the carried ones first. A finished trajectory is held until
 * its group is complete; the first P groups to complete are emitted, tagged with the round, at the time the group
 * completes, and the P-th closes the round. What is left then is the surplus, every trajectory of it accounted
 * for: {@code abort} throws the unfinished ones away (outcome aborted) and drops the finished ones of incomplete
 * groups (outcome dropped); {@code carry} sets them aside with what they generated, to resume first in the next
 * round (APRIL's partial rollout); {@code defer} throws them away and queues the prompt for a long round, which
 * opens once P prompts are deferred and regenerates exactly those P groups to completion (RollPacker's tail
 * batching). Tokens thrown away are counted.
 */
public final class Rounds {
    int round = -1;
    boolean open;
    boolean longRound;
    int emitted;
    long nextPrompt;
    ArrayList<Long> members = new ArrayList<>();
    /** Finished trajectories held until their group completes: prompt id -> Avro bytes of its Trajectories. */
    HashMap<Long, ArrayList<byte[]>> done = new HashMap<>();
    ArrayList<Long> completeOrder = new ArrayList<>();
    ArrayList<Long> carriedPrompts = new ArrayList<>();
    ArrayList<Sequence> carriedSequences = new ArrayList<>();
    ArrayList<Long> deferredPrompts = new ArrayList<>();
    HashMap<Long, Long> firstDispatchUs = new HashMap<>();
    long aborted;
    long surplusDropped;
    long carried;
    long deferred;
    long longRounds;
    long thrownTokens;

    public Rounds() {}

    /** Opens the next round if the version held allows it and the previous one has closed. */
    void dispatch(RolloutSimulator sim, long t) {
        var params = sim.params();
        int p = params.promptsPerStep;
        int r = round + 1;
        if (open || sim.knownVersion < 0 || r > sim.knownVersion + PolicyParams.roundsAhead(params.mode)
                || r >= params.steps) {
            return;
        }
        List<Sequence> start = new ArrayList<>();
        List<Long> chosen = new ArrayList<>();
        boolean isLong = params.policy.surplus == Surplus.DEFER && deferredPrompts.size() >= p;
        if (isLong) {
            deferredPrompts.sort(Long::compare);
            for (int i = 0; i < p; i++) {
                long pid = deferredPrompts.remove(0);
                chosen.add(pid);
                for (int k = 0; k < params.groupSize; k++) {
                    Sequence s = sim.newSequence(pid * params.groupSize + k, t);
                    sim.counters.dispatched--;
                    s.dispatchUs = firstDispatchUs.getOrDefault(pid, t);
                    s.requeues = 1;
                    start.add(s);
                }
            }
            longRounds++;
        } else {
            int want = params.policy.roundPrompts(p);
            long available = Math.min(sim.promptsExpected, sim.prompts.size());
            int fresh = Math.max(0, want - carriedPrompts.size());
            if (available < Math.min(sim.promptsExpected, nextPrompt + fresh)) {
                return;
            }
            chosen.addAll(carriedPrompts);
            start.addAll(carriedSequences);
            carriedPrompts.clear();
            carriedSequences.clear();
            while (chosen.size() < want && nextPrompt < available) {
                long pid = nextPrompt++;
                chosen.add(pid);
                firstDispatchUs.put(pid, t);
                for (int k = 0; k < params.groupSize; k++) {
                    start.add(sim.newSequence(pid * params.groupSize + k, t));
                }
            }
            if (chosen.isEmpty()) {
                return;
            }
        }
        round = r;
        open = true;
        longRound = isLong;
        emitted = 0;
        members.addAll(chosen);
        for (long pid : chosen) {
            ArrayList<byte[]> held = done.get(pid);
            if (held != null && held.size() == params.groupSize) {
                completeOrder.add(pid);
            }
        }
        start.sort((a, b) -> Long.compare(a.trajectoryId, b.trajectoryId));
        RolloutInstance[] inst = sim.instances;
        int n = inst.length;
        for (int i = 0; i < n; i++) {
            for (int j = start.size() * i / n; j < start.size() * (i + 1) / n; j++) {
                Sequence s = start.get(j);
                s.round = r;
                inst[i].enqueue(s);
            }
        }
        for (RolloutInstance x : inst) {
            x.advanceTo(params.rolloutTiming, t);
            x.tryStart(params.rolloutTiming, params.maxNumSeqs);
        }
        for (RolloutInstance x : sim.instances) {
            sim.refresh(x);
        }
    }

    /** A finished trajectory goes out at once, or, with rounds, is held until its group is complete. */
    static void emitOrHold(Rounds rounds, RolloutSimulator sim, long end, Trajectory traj, Emitter out) {
        if (rounds == null) {
            out.data(end, traj);
        } else {
            rounds.completed(sim, traj);
        }
    }

    static void afterEvent(Rounds rounds, RolloutSimulator sim, long t, Emitter out) {
        if (rounds != null) {
            rounds.afterEvent(sim, t, out);
        }
    }

    /** A trajectory finished: held until its group is complete. */
    void completed(RolloutSimulator sim, Trajectory traj) {
        long pid = traj.getPromptId();
        ArrayList<byte[]> held = done.computeIfAbsent(pid, x -> new ArrayList<>());
        held.add(ExperimentSpecHolder.encode(traj));
        if (held.size() == sim.params().groupSize) {
            completeOrder.add(pid);
        }
    }

    /** After an instance event at {@code t}: emits complete groups up to the batch and closes the round on the last. */
    void afterEvent(RolloutSimulator sim, long t, Emitter out) {
        int p = sim.params().promptsPerStep;
        while (open && emitted < p && !completeOrder.isEmpty()) {
            long pid = completeOrder.remove(0);
            List<Trajectory> group = decode(done.remove(pid));
            for (Trajectory tr : group) {
                tr.setRound(round);
                out.data(t, tr);
            }
            members.remove(pid);
            emitted++;
        }
        if (open && emitted == p) {
            close(sim, t, out);
        }
    }

    private void close(RolloutSimulator sim, long t, Emitter out) {
        var params = sim.params();
        open = false;
        Set<Long> surplus = new HashSet<>(members);
        members.clear();
        completeOrder.clear();
        List<Sequence> unfinished = new ArrayList<>();
        List<Integer> where = new ArrayList<>();
        for (RolloutInstance inst : sim.instances) {
            inst.advanceTo(params.rolloutTiming, t);
            for (Sequence s : InstanceRemoval.remove(inst, s -> surplus.contains(s.promptId))) {
                unfinished.add(s);
                where.add(inst.index);
            }
        }
        List<Long> prompts = new ArrayList<>(surplus);
        prompts.sort(Long::compare);
        List<TrajectoryOutcome> outcomes = new ArrayList<>();
        Surplus fate = params.policy.surplus;
        for (int i = 0; i < unfinished.size(); i++) {
            Sequence s = unfinished.get(i);
            if (fate == Surplus.CARRY) {
                s.requeues++;
                carriedSequences.add(s);
                carried++;
                continue;
            }
            thrownTokens += s.generatedAtJoin;
            if (fate == Surplus.ABORT) {
                aborted++;
                Trajectory tr = s.abandoned(where.get(i), t, s.generatedAtJoin);
                tr.setRound(round);
                outcomes.add(new TrajectoryOutcome(new ScoredTrajectory(tr, 0.0, t), false, round, -1, -1.0, true));
            } else {
                deferred++;
            }
        }
        for (long pid : prompts) {
            if (fate == Surplus.CARRY) {
                carriedPrompts.add(pid);
                ArrayList<byte[]> held = done.get(pid);
                carried += held == null ? 0 : held.size();
                continue;
            }
            List<Trajectory> held = decode(done.remove(pid));
            for (Trajectory tr : held) {
                thrownTokens += tr.getResponseTokens();
                if (fate == Surplus.ABORT) {
                    surplusDropped++;
                    tr.setRound(round);
                    outcomes.add(new TrajectoryOutcome(new ScoredTrajectory(tr, 0.0, t), false, round, -1, -1.0, false));
                } else {
                    deferred++;
                }
            }
            if (fate == Surplus.DEFER) {
                deferredPrompts.add(pid);
            }
        }
        outcomes.sort((a, b) -> Long.compare(a.getScored().getTrajectory().getTrajectoryId(),
                b.getScored().getTrajectory().getTrajectoryId()));
        for (TrajectoryOutcome o : outcomes) {
            out.metric(t, o);
        }
        for (RolloutInstance inst : sim.instances) {
            inst.tryStart(params.rolloutTiming, params.maxNumSeqs);
        }
        for (RolloutInstance x : sim.instances) {
            sim.refresh(x);
        }
    }

    /**
     * Whether no round can ever close again, once every instance is idle: one is open (what is left of it cannot
     * make a batch), or none can open for want of prompts.
     */
    boolean stuck(RolloutSimulator sim) {
        int p = sim.params().promptsPerStep;
        return open || (nextPrompt >= sim.promptsExpected && carriedPrompts.isEmpty() && deferredPrompts.size() < p);
    }

    /** Trajectories dispatched that have no outcome yet and are not on an instance (held, carried or deferred). */
    long held(int groupSize) {
        long n = carriedSequences.size() + (long) deferredPrompts.size() * groupSize;
        for (ArrayList<byte[]> g : done.values()) {
            n += g.size();
        }
        return n;
    }

    private static List<Trajectory> decode(List<byte[]> bytes) {
        List<Trajectory> out = new ArrayList<>();
        if (bytes != null) {
            for (byte[] b : bytes) {
                out.add(ExperimentSpecHolder.decode(b, Trajectory.class));
            }
        }
        out.sort((a, b) -> Long.compare(a.getTrajectoryId(), b.getTrajectoryId()));
        return out;
    }
}
