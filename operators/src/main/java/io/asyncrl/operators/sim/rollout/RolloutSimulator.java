package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.agentic.EnvironmentPool;
import io.asyncrl.operators.sim.core.DynamicSampling;
import io.asyncrl.operators.sim.core.StalenessRule;

import io.asyncrl.operators.sim.core.Emitter;
import io.asyncrl.operators.sim.core.ExperimentSpecHolder;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StageSimulator;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.Prompt;
import io.asyncrl.schemas.StageReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rollout stage of one experiment: a controller that hands trajectories to N instances under
 * the staleness bound, and the instances themselves.
 *
 * <p>Inputs are prompts (all available at time 0) and policy versions (each usable from its
 * {@code available_us}). The simulator acts on simulated time t only once the caller has proven,
 * through the inputs' watermarks, that nothing earlier can still arrive ({@link #advance}). At equal
 * times a version arrival is applied before instance events, and instances are visited by index:
 * the order is total, so results do not depend on when or in how many pieces advance is called.
 *
 * <p>Admission: trajectory n (0-based) of batch b = n / B is dispatched only while b <= i + eta,
 * with i the latest version the rollout holds (AReaL's floor((N_r - 1) / B) <= i + eta; {@link StalenessRule}
 * has the general rule, with verl's fractional threshold and several updates per weight sync). In
 * {@code async} mode the controller hands work to the instance with the most free queue credits
 * (credit-based admission: an instance whose KV cache is full stops taking work, so load balances), or,
 * under a framework that dispatches round-robin, prompt group g to instance g mod instances, each
 * instance taking its own groups while it has credit ({@link RoundRobinDispatch});
 * in {@code sync} and {@code one-step-off} each batch is split into equal contiguous chunks across
 * instances when it becomes admissible, as verl does.
 */
public final class RolloutSimulator implements StageSimulator {
    private transient SimParams params;
    ExperimentSpecHolder specHolder;
    /** Per prompt (index = prompt id): [prompt tokens, response tokens of each sample...]. */
    ArrayList<int[]> prompts = new ArrayList<>();
    long promptsExpected;
    ArrayList<VersionArrival> pendingVersions = new ArrayList<>();
    int knownVersion = -1;
    long nextTrajectory;
    Counters counters = new Counters();
    RolloutInstance[] instances;
    /** Multi-turn workloads: the environment steps between turns; null for single-turn work. */
    EnvironmentPool<Sequence> environment;
    long processedUs = SimTime.UNKNOWN;
    long emittedWatermark = SimTime.UNKNOWN;
    boolean finished;
    /** This simulator's shard of the experiment's instances ({@link RolloutShards}): it owns instance i when i mod count = index. */
    int shardIndex;
    int shardCount = 1;
    /** Over-provisioned or tail-batched rounds ({@link Rounds}), or null when the trainer forms the batches. */
    Rounds rounds;
    /** Age bound: the last version's arrival and the longest gap between two, to tell a stall from a slow step. */
    long lastVersionUs;
    long longestVersionGapUs;
    private transient StageReport report;
    /** Dynamic sampling: which groups are kept (rebuilt from the spec after a restore); null when off. */
    private transient DynamicSampling sampling;
    /**
     * The instances by (next event time, index) and by (queue length, index): the controller's two
     * choices in O(log instances) instead of a scan per event and per dispatched trajectory (a
     * 4,096-device cluster made the scans the simulation's main cost). Derived from the instances, so
     * not state: rebuilt after a restore; every change to an instance is followed by {@link #refresh}.
     */
    private transient IndexedHeap byNextEvent;
    private transient IndexedHeap byQueueLength;
    /**
     * Round-robin dispatch: the prompts there were when every instance was last offered work ({@link
     * RoundRobinDispatch}); derived, not state: -1 after a restore, so the first offer goes to every instance.
     */
    transient int promptsOffered = -1;

    public RolloutSimulator() {}

    public RolloutSimulator(SimParams params) {
        this(params, 0, 1);
    }

    /** Shard {@code shardIndex} of {@code shardCount}: simulates only its own instances (see {@link RolloutShards}). */
    public RolloutSimulator(SimParams params, int shardIndex, int shardCount) {
        this.params = params;
        this.shardIndex = shardIndex;
        this.shardCount = shardCount;
        this.specHolder = new ExperimentSpecHolder(params.spec);
        this.promptsExpected = params.promptCount();
        this.instances = new RolloutInstance[params.rolloutInstances];
        for (int i = 0; i < instances.length; i++) {
            instances[i] = new RolloutInstance(i, params.partialRollout, params.maxResponseTokens);
            WeightUpdates.configure(instances[i], params.policy);
        }
        this.rounds = params.policy != null && params.policy.assignsRounds() ? new Rounds() : null;
        AgenticRollout.attach(this, params);
    }

    /** Re-attaches the (non-serialised) resolved parameters after a restore from Flink state. */
    @Override
    public void attach(SimParams params) {
        this.params = params;
    }

    SimParams params() {
        return params;
    }

    public ExperimentSpecHolder spec() {
        return specHolder;
    }

    public void addPrompt(Prompt prompt) {
        if (prompt.getPromptId() != prompts.size()) {
            throw new IllegalStateException("prompts must arrive in id order: expected "
                    + prompts.size() + " but got " + prompt.getPromptId());
        }
        int[] row = new int[1 + prompt.getResponseTokens().size()];
        row[0] = prompt.getPromptTokens();
        for (int i = 1; i < row.length; i++) {
            row[i] = prompt.getResponseTokens().get(i - 1);
        }
        prompts.add(row);
    }

    public void addVersion(PolicyVersion version) {
        SyncChain.checkArrival(version.getAvailableUs(), processedUs, version.getVersion());
        pendingVersions.add(new VersionArrival(version));
        pendingVersions.sort((a, b) -> a.availableUs != b.availableUs
                ? Long.compare(a.availableUs, b.availableUs)
                : Integer.compare(a.version, b.version));
    }

    @Override
    public boolean finished() {
        return finished;
    }

    /** Ends the experiment if it has not ended on its own (at the last simulated time processed); the totals. */
    @Override
    public StageReport finish(long endUs, Emitter out) {
        finishNow();
        return report;
    }

    /** The stage's totals, once {@link #finished()}. */
    public StageReport report() {
        return report;
    }

    /**
     * Processes every event at simulated times up to and including {@code watermarkUs}, the minimum of
     * the inputs' watermarks, and returns the new output watermark: a time before which this stage
     * will emit nothing more.
     */
    @Override
    public long advance(long watermarkUs, Emitter out) {
        if (finished || watermarkUs == SimTime.UNKNOWN) {
            return emittedWatermark;
        }
        var timing = params.rolloutTiming;
        heaps();
        boolean chain = SyncChain.applies(params, this);
        int[] inFlight = {chain ? SyncChain.inFlight(this) : 0};
        long chainedTo = SimTime.UNKNOWN;
        while (!finished) {
            long versionAt = pendingVersions.isEmpty() ? SimTime.NEVER : pendingVersions.get(0).availableUs;
            long envAt = environment == null ? SimTime.NEVER : environment.nextEventUs();
            int next = -1;
            long nextAt = SimTime.NEVER;
            if (!byNextEvent.isEmpty() && byNextEvent.topKey() < SimTime.NEVER) {
                next = byNextEvent.top();
                nextAt = byNextEvent.topKey();
            }
            long t = Math.min(versionAt, Math.min(envAt, nextAt));
            if (t == SimTime.NEVER || (t > watermarkUs && !(chain && inFlight[0] > 0))) {
                break;
            }
            chainedTo = t > watermarkUs ? t : chainedTo;
            processedUs = t;
            if (versionAt <= Math.min(envAt, nextAt)) {
                applyVersion(pendingVersions.remove(0), out);
                inFlight[0] = chain ? SyncChain.inFlight(this) : 0;
            } else if (envAt <= nextAt) {
                AgenticRollout.returnFromEnvironment(this, t);
            } else {
                long dispatched = nextTrajectory;
                instances[next].processEvent(timing, params.maxNumSeqs, (end, traj) -> {
                    counters.completed++;
                    inFlight[0]--;
                    if (traj.getInterruptions() > 0) {
                        counters.interrupted++;
                    }
                    Rounds.emitOrHold(rounds, this, end, traj, out);
                });
                AgenticRollout.toEnvironment(this, instances[next], t);
                refresh(instances[next]);
                Rounds.afterEvent(rounds, this, t, out);
                if (params.roundRobinDispatch) { // never with rounds: those come with an async.policy
                    RoundRobinDispatch.after(this, instances[next], t);
                } else {
                    dispatch(t);
                }
                inFlight[0] = chain && nextTrajectory != dispatched ? SyncChain.inFlight(this) : inFlight[0];
                if (params.policy != null && PolicyEnds.exhausted(this)) {
                    finish(t);
                }
            }
        }
        if (!finished && PolicyEnds.stalledByAgeBound(this, watermarkUs)) {
            finish(processedUs);
        }
        if (finished) {
            emittedWatermark = SimTime.NEVER;
            return emittedWatermark;
        }
        // past the versions' watermark only in a sync chain (SyncChain): no version before chainedTo
        long bound = SimTime.plus(Math.max(watermarkUs, chainedTo), params.minGenerationUs());
        if (!byNextEvent.isEmpty()) {
            bound = Math.min(bound, byNextEvent.topKey());
        }
        emittedWatermark = Math.max(emittedWatermark, bound);
        return emittedWatermark;
    }

    private void applyVersion(VersionArrival v, Emitter out) {
        long t = v.availableUs;
        if (v.last) {
            finish(t);
            return;
        }
        knownVersion = Math.max(knownVersion, v.version);
        longestVersionGapUs = Math.max(longestVersionGapUs, t - lastVersionUs);
        lastVersionUs = t;
        for (int i = shardIndex; i < instances.length; i += shardCount) {
            instances[i].onVersion(params.rolloutTiming, t, v.version, params.maxNumSeqs);
            refresh(instances[i]);
        }
        dispatch(t);
        if (params.policy != null && PolicyEnds.exhausted(this)) {
            finish(t);
        }
    }

    boolean admissible(long trajectory) {
        if (knownVersion < 0 || trajectory >= promptsExpected * params.groupSize) {
            return false;
        }
        return params.staleness.admissible(effective(trajectory), knownVersion)
                && trajectory / params.groupSize < prompts.size();
    }

    /** Dynamic sampling counts batches in kept groups; otherwise the trajectory id itself. */
    private long effective(long trajectory) {
        if (!DynamicSampling.enabled(params.spec)) {
            return trajectory;
        }
        if (sampling == null) {
            sampling = new DynamicSampling(params.spec);
        }
        return sampling.effectiveTrajectory(trajectory);
    }

    /** Trajectories from {@code first} to the end of its batch (more than a batch when groups are filtered). */
    long batchLength(long first) {
        if (!DynamicSampling.enabled(params.spec)) {
            return params.batchTrajectories;
        }
        effective(first);
        return sampling.batchEndPrompt(first / params.groupSize) * params.groupSize - first;
    }

    private void dispatch(long t) {
        if (rounds != null) {
            rounds.dispatch(this, t);
        } else if (params.roundRobinDispatch) {
            RoundRobinDispatch.all(this, t);
        } else if (params.mode == AsyncMode.ASYNC) {
            dispatchByCredit(t);
        } else {
            WholeBatches.dispatch(this, t);
        }
    }

    private void dispatchByCredit(long t) {
        while (admissible(nextTrajectory)) {
            // The most free queue credits (queueDepth - queue length) win, the lowest index on a tie.
            if (byQueueLength.isEmpty() || byQueueLength.topKey() >= params.queueDepth) {
                return;
            }
            RolloutInstance target = instances[byQueueLength.top()];
            target.advanceTo(params.rolloutTiming, t);
            target.enqueue(newSequence(nextTrajectory++, t));
            target.tryStart(params.rolloutTiming, params.maxNumSeqs);
            refresh(target);
        }
    }

    /** Builds the two instance heaps from the instances' state, if not built yet (new or restored simulator). */
    private void heaps() {
        if (byNextEvent != null) {
            return;
        }
        long[] next = new long[instances.length];
        long[] queued = new long[instances.length];
        for (RolloutInstance inst : instances) {
            next[inst.index] = inst.nextEventUs(params.rolloutTiming);
            queued[inst.index] = inst.queue.size();
        }
        byNextEvent = new IndexedHeap(next);
        byQueueLength = new IndexedHeap(queued);
    }

    /** Re-keys an instance in both heaps after a change to its state. */
    void refresh(RolloutInstance inst) {
        byNextEvent.update(inst.index, inst.nextEventUs(params.rolloutTiming));
        byQueueLength.update(inst.index, inst.queue.size());
    }

    Sequence newSequence(long trajectoryId, long t) {
        long promptId = trajectoryId / params.groupSize;
        int[] p = prompts.get((int) promptId);
        int sample = (int) (trajectoryId % params.groupSize);
        counters.dispatched++;
        Sequence s = new Sequence(trajectoryId, promptId, sample, p[0], p[1 + sample], knownVersion, t);
        if (environment != null) {
            AgenticRollout.plan(this, s);
        }
        return s;
    }

    /** Ends the experiment at the last simulated time processed (an upstream stage gave up on it). */
    public void finishNow() {
        if (!finished) {
            finish(Math.max(0L, processedUs));
        }
    }

    private void finish(long t) {
        long busy = 0;
        long inFlight = 0;
        long interruptedInFlight = 0;
        long preemptions = 0;
        for (int i = shardIndex; i < instances.length; i += shardCount) {
            RolloutInstance inst = instances[i];
            inst.advanceTo(params.rolloutTiming, t);
            busy += inst.busyUs;
            preemptions += inst.preemptions;
            for (Sequence s : AgenticRollout.inFlight(this, inst)) {
                inFlight++;
                if (s.interruptions > 0) {
                    interruptedInFlight++;
                }
            }
        }
        Map<String, Long> c = new HashMap<>();
        c.put("dispatched", counters.dispatched);
        c.put("generated", counters.completed);
        c.put("in_flight", inFlight);
        c.put("interrupted", counters.interrupted + interruptedInFlight);
        c.put("preemptions", preemptions);
        PolicyCounters.put(c, this);
        AgenticRollout.counters(this, t, c);
        if (shardCount > 1) {
            RolloutShards.addMergeCounters(c, busy, params.rolloutTp);
        }
        double deviceSeconds = SimTime.seconds(busy) * params.rolloutTp;
        report = new StageReport("rollout", t, deviceSeconds, params.rolloutInstances * params.rolloutTp, c);
        finished = true;
    }

    /** Trajectory and event counters, kept together so state stays a plain object graph. */
    public static final class Counters {
        long dispatched;
        long completed;
        long interrupted;
    }

    public long dispatched() {
        return counters.dispatched;
    }

    public long completed() {
        return counters.completed;
    }

    List<RolloutInstance> instances() {
        return List.of(instances);
    }
}
