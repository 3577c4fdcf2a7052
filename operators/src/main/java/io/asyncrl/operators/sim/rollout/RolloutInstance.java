package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.core.SimTime;

import io.asyncrl.hw.InstanceTiming;
import io.asyncrl.schemas.Trajectory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One inference engine replica doing continuous batching, simulated event by event.
 *
 * <p>Between events (a prefill ending, a sequence finishing, the KV cache filling up) the batch is constant, so the
 * instance jumps straight to the next event with the hardware model's closed-form decode span: a 20,000-token answer
 * costs a handful of events, not 20,000. Prefill and decode are serialised (decode pauses while newly admitted
 * sequences prefill). Admission is bounded by the KV cache and {@code maxNumSeqs}; when a growing batch would overflow
 * the cache the youngest sequence is preempted and recomputed later, as vLLM does.
 *
 * <p>Weights: {@code weights} is the version loaded. Without partial rollout a newer version is only loaded once the
 * running batch drains, and queued work dispatched for the newer version waits for it; with partial rollout the
 * running sequences are interrupted at the update, their KV caches dropped and re-prefilled under the new weights.
 */
public final class RolloutInstance {
    /**
     * Share of each sequence's remaining generation budget (max response - generated) reserved in the KV
     * cache at admission, as SGLang does with its new-token ratio (it starts at 0.7 and decays to 0.1);
     * a fixed middle value keeps admission conservative enough that preemption stays rare.
     */
    static final double KV_RESERVE_RATIO = 0.3;

    int index;
    boolean partial;
    int maxResponseTokens;
    /** Simulated time up to which this instance's state is computed. */
    long clock;
    long stepCounter;
    long kvTokens;
    int weights = -1;
    int pendingWeights = -1;
    long prefillEndUs = SimTime.UNKNOWN;
    ArrayList<Sequence> prefilling = new ArrayList<>();
    ArrayList<Sequence> running = new ArrayList<>();
    ArrayDeque<Sequence> queue = new ArrayDeque<>();
    long busyUs;
    long preemptions;
    /**
     * Set when a sequence was preempted for lack of KV cache; no admission until a sequence completes
     * and frees memory (otherwise the preempted sequence would be readmitted at once and thrash).
     */
    boolean admissionBlocked;
    /** Multi-turn trajectories' turn boundaries (KV holds, environment hand-off); null for single-turn work. */
    InstanceTurns turns;
    /** The spec's weight-update policy ({@link WeightUpdates}; null: the mode's) and whether it recomputes KV. */
    io.asyncrl.schemas.WeightUpdate update;
    boolean recomputeKv;
    /** Generated tokens thrown away, prompt+generated tokens re-prefilled at updates, and the KV held then. */
    long thrownTokens, recomputedTokens, kvHeldAtUpdates;
    /** Round-robin dispatch ({@link RoundRobinDispatch}): trajectories of this instance's groups dispatched so far. */
    long assigned;
    /** Cached {@link #nextEventUs}; {@link SimTime#UNKNOWN} after any change of state. */
    transient long cachedNextUs = SimTime.UNKNOWN;
    /**
     * Index of {@link #running} ({@link RunningIndex}); a change to the list made without it must {@link
     * #invalidateIndex}. Null or stale by default (rebuilt on use), so it is safe however the instance was restored.
     */
    private transient RunningIndex batchIndex;

    public RolloutInstance() {}

    RolloutInstance(int index, boolean partialRollout, int maxResponseTokens) {
        this.index = index;
        this.partial = partialRollout;
        this.maxResponseTokens = maxResponseTokens;
    }

    /** The running batch's index, rebuilt first if a change it did not see made it stale. */
    private RunningIndex batchIndex() {
        if (batchIndex == null) {
            batchIndex = new RunningIndex(maxResponseTokens);
        }
        if (!batchIndex.valid) {
            batchIndex.rebuild(running);
        }
        return batchIndex;
    }

    /** For every change to {@link #running} made without the index. */
    void invalidateIndex() {
        if (batchIndex != null) {
            batchIndex.valid = false;
        }
    }

    /** KV tokens reserved for a sequence that has generated {@code generated} of at most {@code max} tokens. */
    static long reserve(int max, int generated) {
        return (long) (KV_RESERVE_RATIO * Math.max(0, max - generated));
    }

    boolean inPrefill() {
        return prefillEndUs != SimTime.UNKNOWN;
    }

    int load() {
        return running.size() + prefilling.size() + queue.size();
    }

    boolean idle() {
        return running.isEmpty() && prefilling.isEmpty();
    }

    /** Time of this instance's next internal event, or {@link SimTime#NEVER}. */
    long nextEventUs(InstanceTiming timing) {
        if (cachedNextUs == SimTime.UNKNOWN) {
            cachedNextUs = computeNextEventUs(timing);
        }
        return cachedNextUs;
    }

    private long computeNextEventUs(InstanceTiming timing) {
        if (inPrefill()) {
            return prefillEndUs;
        }
        if (running.isEmpty()) {
            return SimTime.NEVER;
        }
        return SimTime.plus(clock, SimTime.micros(
                timing.decodeSpanSeconds(running.size(), kvTokens, stepsToNextEvent(timing))));
    }

    /** Decode iterations until the next completion or until the KV cache cannot grow by another iteration. */
    private long stepsToNextEvent(InstanceTiming timing) {
        long toCompletion = batchIndex().minFinishStep() - stepCounter;
        long b = running.size();
        long safe = (timing.kvCapacityTokens() - kvTokens) / b;
        return Math.max(0, Math.min(toCompletion, safe));
    }

    /**
     * Processes the event at {@code nextEventUs}: ends a prefill, completes the sequences that are
     * done (passing them to {@code completed} in trajectory-id order) or preempts one on a full KV
     * cache; then starts what can start.
     */
    void processEvent(InstanceTiming timing, int maxNumSeqs, BiConsumer<Long, Trajectory> completed) {
        long t = nextEventUs(timing);
        cachedNextUs = SimTime.UNKNOWN;
        if (inPrefill()) {
            busyUs += t - clock;
            clock = t;
            prefillEndUs = SimTime.UNKNOWN;
            RunningIndex idx = batchIndex();
            for (Sequence s : prefilling) {
                s.joinStep = stepCounter;
                running.add(s);
                idx.added(s);
            }
            prefilling.clear();
            if (partial && pendingWeights > weights) {
                interruptAndReload(timing, pendingWeights);
                return;
            }
            if (update != null && pendingWeights > weights && WeightUpdates.afterPrefill(this, timing)) {
                tryStart(timing, maxNumSeqs);
                return;
            }
        } else {
            long steps = stepsToNextEvent(timing);
            busyUs += t - clock;
            clock = t;
            stepCounter += steps;
            kvTokens += steps * running.size();
            List<Sequence> done = batchIndex().takeFinished(running, stepCounter);
            if (done.isEmpty()) {
                if (turns == null || !turns.evictForGrowth(this)) {
                    preemptYoungest();
                }
            } else {
                admissionBlocked = false;
                done.sort((a, b) -> Long.compare(a.trajectoryId, b.trajectoryId));
                for (Sequence s : done) {
                    if (turns != null && turns.endTurn(this, s, t)) {
                        continue;
                    }
                    kvTokens -= s.contextTokens(stepCounter);
                    completed.accept(t, s.complete(index, t));
                }
            }
        }
        if (turns != null) {
            turns.afterEvent(this);
        }
        loadPendingWeightsIfDrained();
        tryStart(timing, maxNumSeqs);
    }

    /** A multi-turn trajectory is back from its environment step at {@code t} for its next turn. */
    void returnFromEnvironment(InstanceTiming timing, long t, Sequence s, int maxNumSeqs) {
        advanceTo(timing, t);
        cachedNextUs = SimTime.UNKNOWN;
        turns.onReturn(this, s);
        tryStart(timing, maxNumSeqs);
    }

    private void preemptYoungest() {
        Sequence youngest = null;
        for (Sequence s : running) {
            if (youngest == null || s.joinStep > youngest.joinStep
                    || (s.joinStep == youngest.joinStep && s.trajectoryId > youngest.trajectoryId)) {
                youngest = s;
            }
        }
        if (youngest == null) {
            return;
        }
        running.remove(youngest);
        invalidateIndex();
        admissionBlocked = !running.isEmpty();
        int generated = youngest.generated(stepCounter);
        kvTokens -= youngest.promptTokens + (long) generated;
        youngest.generatedAtJoin = generated;
        youngest.preemptions++;
        preemptions++;
        queue.addFirst(youngest);
    }

    /** Brings the instance forward to simulated time {@code t}, which is not after its next event. */
    void advanceTo(InstanceTiming timing, long t) {
        if (t <= clock) {
            return;
        }
        cachedNextUs = SimTime.UNKNOWN;
        if (inPrefill()) {
            busyUs += t - clock;
            clock = t;
            return;
        }
        if (running.isEmpty()) {
            clock = t;
            return;
        }
        long budget = t - clock;
        long hi = stepsToNextEvent(timing);
        long lo = 0;
        int b = running.size();
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            if (SimTime.micros(timing.decodeSpanSeconds(b, kvTokens, mid)) <= budget) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        busyUs += budget;
        stepCounter += lo;
        kvTokens += lo * b;
        clock = t;
    }

    /** A new policy version reaches this instance at simulated time {@code t}. */
    void onVersion(InstanceTiming timing, long t, int version, int maxNumSeqs) {
        advanceTo(timing, t);
        cachedNextUs = SimTime.UNKNOWN;
        if (idle()) {
            weights = version;
            pendingWeights = -1;
            tryStart(timing, maxNumSeqs);
            return;
        }
        if (update != null) {
            WeightUpdates.onVersion(this, timing, version);
        } else if (partial && !inPrefill()) {
            interruptAndReload(timing, version);
        } else {
            pendingWeights = version;
            loadPendingWeightsIfDrained();
        }
        tryStart(timing, maxNumSeqs);
    }

    void interruptAndReload(InstanceTiming timing, int version) {
        weights = version;
        pendingWeights = -1;
        if (running.isEmpty()) {
            return;
        }
        // KV caches are dropped and recomputed under the new weights; generation then continues.
        long tokens = 0;
        double pairs = 0;
        for (Sequence s : running) {
            int generated = s.generated(stepCounter);
            kvTokens -= s.contextTokens(stepCounter);
            s.switchVersion(generated, version);
            s.interruptions++;
            s.generatedAtJoin = generated;
            long ctx = (long) s.promptTokens + generated;
            tokens += ctx;
            pairs += InstanceTiming.causalPairs(ctx);
            prefilling.add(s);
        }
        running.clear();
        recomputedTokens += tokens;
        invalidateIndex();
        startPrefill(timing, tokens, pairs);
    }

    void loadPendingWeightsIfDrained() {
        if (pendingWeights > weights && idle()) {
            weights = pendingWeights;
            pendingWeights = -1;
        }
    }

    /** Admits queued sequences that fit and are meant for the loaded weights, and starts their prefill. */
    void tryStart(InstanceTiming timing, int maxNumSeqs) {
        if (inPrefill() || queue.isEmpty() || weights < 0 || admissionBlocked
                || (update == io.asyncrl.schemas.WeightUpdate.WAIT && pendingWeights > weights)
                || (turns != null && turns.blocksAdmission())) {
            return;
        }
        cachedNextUs = SimTime.UNKNOWN;
        long capacity = timing.kvCapacityTokens();
        long tokens = 0;
        double pairs = 0;
        int active = running.size();
        // The reserve of the sequences already admitted, summed only once a KV check needs it: a full
        // batch or weights not yet loaded end admission without it (that sum was a scan per event).
        long reserved = -1;
        while (!queue.isEmpty()) {
            Sequence s = queue.peekFirst();
            if (s.targetVersion > weights) {
                pendingWeights = Math.max(pendingWeights, s.targetVersion);
                break;
            }
            long ctx = (long) s.promptTokens + s.generatedAtJoin;
            // a multi-turn trajectory's next turn may find its earlier context still cached here
            long reused = turns == null ? 0 : turns.reusable(this, s);
            long need = ctx - reused + reserve(maxResponseTokens, s.generatedAtJoin);
            int batch = active + prefilling.size();
            if (batch >= maxNumSeqs) {
                break;
            }
            if (reserved < 0) {
                reserved = admittedReserve();
            }
            if (turns != null) {
                turns.makeRoom(this, kvTokens + tokens + reserved + need - capacity, s.trajectoryId);
            }
            // The first sequence of an empty instance is always admitted: validation ensured it fits alone.
            if (batch > 0 && kvTokens + tokens + reserved + need > capacity) {
                break;
            }
            reserved += need - (ctx - reused);
            queue.pollFirst();
            if (s.startUs < 0) {
                s.startUs = clock;
                s.startVersion = weights;
            }
            s.switchVersion(s.generatedAtJoin, weights);
            if (turns != null) {
                turns.admitted(s, ctx, reused);
            }
            prefilling.add(s);
            tokens += ctx - reused;
            pairs += InstanceTiming.causalPairs(ctx) - InstanceTiming.causalPairs(reused);
        }
        if (!prefilling.isEmpty()) {
            startPrefill(timing, tokens, pairs);
        }
        if (turns != null) {
            turns.afterEvent(this);
        }
    }

    private long admittedReserve() {
        long reserved = batchIndex().reserve(running, stepCounter);
        for (Sequence r : prefilling) {
            reserved += reserve(maxResponseTokens, r.generatedAtJoin);
        }
        return reserved;
    }

    /** One prefill pass over the sequences just admitted or re-admitted: attention is per sequence. */
    private void startPrefill(InstanceTiming timing, long newTokens, double attentionPairs) {
        kvTokens += newTokens;
        prefillEndUs = SimTime.plus(clock, SimTime.micros(timing.prefillPassSeconds(newTokens, attentionPairs)));
    }

    void enqueue(Sequence s) {
        queue.addLast(s);
    }

    /** Sequences still on this instance (running, prefilling or queued), in a stable order. */
    List<Sequence> inFlight() {
        List<Sequence> all = new ArrayList<>(running);
        all.addAll(prefilling);
        all.addAll(queue);
        return all;
    }
}
