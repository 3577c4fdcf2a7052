package io.asyncrl.operators.sim.trainer;

import io.asyncrl.operators.sim.core.Emitter;
import io.asyncrl.operators.sim.core.OutcomeOrder;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StoredRecord;
import io.asyncrl.operators.sim.core.StageSimulator;
import io.asyncrl.operators.sim.core.TimedBuffer;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.StageReport;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The trainer of one experiment. Scored trajectories are taken in (scored time, trajectory id) order
 * once the scored watermark has passed them and gathered into groups (all {@code group_size} answers
 * of a prompt, as GRPO's advantage needs). A global batch is {@code prompts_per_step} complete groups:
 * in {@code async} mode the first ones to complete (streaming, as AReaL), in {@code sync} and
 * {@code one-step-off} the groups of the batch's own prompts (as verl).
 *
 * <p>Step k starts when its batch is complete and the previous step has ended, trains for the
 * hardware model's step time and publishes version k+1, usable on the rollout after the weight sync
 * (disaggregated) or the switch back to generation (colocated). A trajectory whose staleness
 * (k - the version that started it) exceeds the bound is dropped, so no trained sample ever does; unless the
 * framework trains such answers ({@code stale_samples: train}, AReaL), whose bound holds at admission only.
 *
 * <p>The version is emitted as soon as the batch is formed, stamped with its future availability:
 * nothing that arrives later can change it, and the rollout waits for the watermark anyway.
 *
 * <p>With {@code async.streaming} (AsyncFlow's streaming data plane) a step is trained minibatch by
 * minibatch: each trajectory's log-prob forwards (old and reference; they need no advantages) run on the
 * training devices as soon as it is scored, and minibatch j of step k, the next
 * {@code prompts_per_step / minibatches} groups to complete (among the step's own prompts in {@code sync}
 * and {@code one-step-off}), updates as soon as they are complete and the work queued before it is done,
 * so training overlaps generation's long tail. The training devices take this work first come, first
 * served. An update costs the hardware model's step time for its own tokens with one optimizer step,
 * less the log-prob forwards already run; the version is published when the last one ends.
 */
public final class TrainerSimulator implements StageSimulator {
    private transient SimParams params;
    TimedBuffer arrivals = new TimedBuffer();
    /** Received, not yet trained: prompt id -> Avro bytes of its scored trajectories. */
    TreeMap<Long, ArrayList<StoredRecord>> groups = new TreeMap<>();
    /** Prompt ids of complete groups in completion order (async, and every mode with streaming). */
    ArrayList<Long> complete = new ArrayList<>();
    int stepsDone;
    long freeAtUs;
    long trainBusyUs;
    long received;
    long trained;
    long dropped;
    boolean lastPublished;
    long lastPublishedUs;
    long emittedWatermark = SimTime.UNKNOWN;
    /** The async watermark's running sums over the complete groups held (derived from them, not state). */
    private final transient TrainLookahead.HeldComplete held = new TrainLookahead.HeldComplete();
    /** Streaming: minibatches of the current step already trained, and what they added up to. */
    int minibatchesDone;
    StepTally tally = new StepTally();
    /** Dynamic sampling: groups filtered for equal rewards, and (sync modes) the next prompt a batch starts from. */
    GroupFilter filter = new GroupFilter();
    /** A cache, not state: in sync modes every prompt of the next batch below this id has its whole group. */
    private transient long wholeBelow;

    public TrainerSimulator() {}

    public TrainerSimulator(SimParams params) {
        this.params = params;
    }

    @Override
    public void attach(SimParams params) {
        this.params = params;
    }

    /** The initial policy, usable by the rollout from time 0. */
    public PolicyVersion initialVersion() {
        return new PolicyVersion(0, 0L, 0L, params.steps == 0);
    }

    public void add(ScoredTrajectory s) {
        arrivals.add(s.getScoredUs(), s.getTrajectory().getTrajectoryId(), s);
    }

    public boolean lastPublished() {
        return lastPublished;
    }

    /** Trains every batch that completes at or before {@code watermarkUs}; returns the output watermark. */
    @Override
    public long advance(long watermarkUs, Emitter out) {
        while (!arrivals.isEmpty() && arrivals.headTimeUs() <= watermarkUs) {
            long t = arrivals.headTimeUs();
            ScoredTrajectory s = arrivals.poll(ScoredTrajectory.class);
            received++;
            long prompt = s.getTrajectory().getPromptId();
            ArrayList<StoredRecord> group = groups.computeIfAbsent(prompt, p -> new ArrayList<>());
            group.add(StoredRecord.of(s));
            if (params.streaming) {
                Trajectory tr = s.getTrajectory();
                long start = Math.max(t, freeAtUs);
                freeAtUs = start + SimTime.micros(params.streamedLogprobSeconds(
                        (long) tr.getPromptTokens() + tr.getResponseTokens()));
                trainBusyUs += freeAtUs - start;
            }
            if (group.size() == params.groupSize && filter.filters(params, prompt, groups)) {
                formSteps(t, out);
                continue;
            }
            if (group.size() == params.groupSize && (params.mode == AsyncMode.ASYNC || params.streaming
                    || (params.policy != null && params.policy.assignsRounds()))) {
                complete.add(prompt);
            }
            formSteps(t, out);
        }
        if (lastPublished) {
            emittedWatermark = SimTime.NEVER;
        } else {
            long bound = TrainLookahead.nextVersionUs(params, stepsDone, groups, complete, held,
                    Math.max(watermarkUs, freeAtUs));
            emittedWatermark = Math.max(emittedWatermark, bound);
        }
        return emittedWatermark;
    }

    private void formSteps(long now, Emitter out) {
        while (!lastPublished && params.streaming) {
            List<Long> minibatch = nextMinibatch();
            if (minibatch == null) {
                return;
            }
            trainMinibatch(minibatch, now, out);
        }
        while (!lastPublished) {
            if (params.policy != null && params.policy.maxTrajectoryAge >= 0) {
                long old = AgeBound.dropTooOld(complete, groups, stepsDone, params.policy.maxTrajectoryAge, now, out);
                dropped += old;
                wholeBelow = old > 0 ? 0L : wholeBelow;
            }
            List<Long> batch = nextBatch();
            if (batch == null) {
                return;
            }
            train(batch, now, out);
        }
    }

    private List<Long> nextBatch() {
        int p = params.promptsPerStep;
        if (params.policy != null && params.policy.assignsRounds()) {
            return AgeBound.roundBatch(complete, groups, stepsDone, p);
        }
        if (params.mode == AsyncMode.ASYNC) {
            if (complete.size() < p) {
                return null;
            }
            List<Long> batch = new ArrayList<>(complete.subList(0, p));
            complete.subList(0, p).clear();
            return batch;
        }
        if (filter.active(params)) {
            return filter.nextBatch(params, groups);
        }
        long first = (long) stepsDone * p;
        // Called after every arrival: resume the scan where the last one stopped, since a group of the batch stays
        // whole until the batch trains (only training takes groups out on this path).
        for (long id = Math.max(first, wholeBelow); id < first + p; id++) {
            ArrayList<StoredRecord> g = groups.get(id);
            if (g == null || g.size() < params.groupSize) {
                wholeBelow = id;
                return null;
            }
        }
        wholeBelow = first + p;
        return LongStream.range(first, first + p).boxed().collect(Collectors.toCollection(ArrayList::new));
    }

    /** Streaming: the next minibatch's groups in completion order, or null while too few are complete. */
    private List<Long> nextMinibatch() {
        int need = params.minibatchGroups(minibatchesDone);
        List<Long> chosen = new ArrayList<>(need);
        long first = (long) stepsDone * params.promptsPerStep;
        for (int i = 0; i < complete.size() && chosen.size() < need; i++) {
            long id = complete.get(i);
            // sync and one-step-off train the batch's own prompts; async the first groups to complete
            if (params.mode == AsyncMode.ASYNC || (id >= first && id < first + params.promptsPerStep)) {
                chosen.add(id);
            }
        }
        if (chosen.size() < need) {
            return null;
        }
        // a prompt completes once, so its id stands in the list once
        complete.removeAll(new java.util.HashSet<>(chosen));
        return chosen;
    }

    private void trainMinibatch(List<Long> minibatch, long readyUs, Emitter out) {
        int k = stepsDone;
        if (minibatchesDone == 0) {
            tally = new StepTally();
        }
        long tokensBefore = tally.tokens;
        int keptBefore = tally.kept;
        double squaredBefore = tally.squaredTokens;
        List<TrajectoryOutcome> outcomes = tally.add(minibatch, k, groups, trainedBound());
        double seconds = params.trainMinibatch(tally.tokens - tokensBefore, tally.kept - keptBefore,
                tally.squaredTokens - squaredBefore).updateSeconds();
        long start = Math.max(readyUs, freeAtUs);
        long end = start + SimTime.micros(seconds);
        if (minibatchesDone == 0) {
            tally.startUs = start;
        }
        tally.trainSeconds += seconds;
        for (TrajectoryOutcome o : outcomes) {
            Trajectory tr = o.getScored().getTrajectory();
            tally.trainSeconds += params.streamedLogprobSeconds((long) tr.getPromptTokens() + tr.getResponseTokens());
        }
        trainBusyUs += end - start;
        freeAtUs = end;
        for (TrajectoryOutcome o : outcomes) {
            out.metric(end, o);
        }
        minibatchesDone++;
        if (minibatchesDone < params.minibatches) {
            return;
        }
        minibatchesDone = 0;
        stepsDone++;
        trained += tally.kept;
        dropped += tally.dropped;
        lastPublished = stepsDone >= params.steps;
        lastPublishedUs = end;
        boolean syncs = params.staleness.syncsAfter(stepsDone, lastPublished);
        long sync = syncs ? params.weightSyncUs : 0L;
        long available = end + sync;
        if (syncs && params.trainerSyncUs > 0) {
            // the trainer writes or sends the new weights itself before its next minibatch
            trainBusyUs += params.trainerSyncUs;
            freeAtUs = end + params.trainerSyncUs;
        }
        if (syncs) {
            TrainLookahead.checkKept(available, emittedWatermark, k + 1);
            out.data(available, new PolicyVersion(k + 1, end, available, lastPublished));
        }
        out.metric(end, new StepReport(k, readyUs, tally.startUs, end, available, tally.kept, tally.dropped, tally.tokens,
                tally.responseTokens, tally.trainSeconds, SimTime.seconds(sync), tally.meanStaleness(),
                tally.maxStaleness));
    }

    private void train(List<Long> batch, long readyUs, Emitter out) {
        int k = stepsDone;
        StepTally step = new StepTally();
        List<TrajectoryOutcome> outcomes = step.add(batch, k, groups, trainedBound());
        long tokens = step.tokens;
        int kept = step.kept;
        double trainSeconds = params.trainStep(tokens, kept, step.squaredTokens).totalSeconds();
        // verl's driver scores the batch after generation while the devices wait (reward_loop: driver)
        long reward = params.driverRewardUsPerTrajectory * (kept + step.dropped);
        long start = Math.max(readyUs, freeAtUs) + (params.colocated ? params.switchUs : 0) + reward;
        long end = start + SimTime.micros(trainSeconds);
        stepsDone++;
        trained += kept;
        dropped += step.dropped;
        lastPublished = stepsDone >= params.steps;
        lastPublishedUs = end;
        // With several updates per weight sync the steps in between publish nothing and pay no sync.
        boolean syncs = params.staleness.syncsAfter(stepsDone, lastPublished);
        long after = !syncs ? 0L : params.colocated ? params.switchUs : params.weightSyncUs;
        long available = end + after;
        // the trainer writes or sends the new weights itself (trainerSyncUs) before it can start the next step
        long held = params.colocated ? available : end + (syncs ? params.trainerSyncUs : 0L);
        trainBusyUs += held - start - (params.colocated ? after : 0L);
        freeAtUs = held;
        if (syncs) {
            TrainLookahead.checkKept(available, emittedWatermark, k + 1);
            out.data(available, new PolicyVersion(k + 1, end, available, lastPublished));
        }
        out.metric(end, new StepReport(k, readyUs, start, end, available, kept, step.dropped, tokens,
                step.responseTokens, trainSeconds, SimTime.seconds(after), step.meanStaleness(), step.maxStaleness));
        for (TrajectoryOutcome o : outcomes) {
            out.metric(end, o);
        }
    }

    /**
     * The staleness a trained sample may have: the mode's bound, none when the rollout assigns groups to steps
     * (a carried trajectory is one step older by construction; {@link AgeBound}).
     */
    private int trainedBound() {
        return (params.policy != null && params.policy.assignsRounds()) || params.trainsStale
                ? Integer.MAX_VALUE : params.maxStaleness;
    }

    /**
     * Ends the experiment: what was received but never trained is reported as pending (in trajectory
     * id order); returns the trainer's totals.
     */
    @Override
    public StageReport finish(long endUs, Emitter out) {
        while (!arrivals.isEmpty()) {
            ScoredTrajectory s = arrivals.poll(ScoredTrajectory.class);
            received++;
            groups.computeIfAbsent(s.getTrajectory().getPromptId(), p -> new ArrayList<>())
                    .add(StoredRecord.of(s));
        }
        List<TrajectoryOutcome> pending = new ArrayList<>();
        for (ArrayList<StoredRecord> g : groups.values()) {
            for (StoredRecord r : g) {
                pending.add(new TrajectoryOutcome(r.get(ScoredTrajectory.class),
                        false, -1, -1, -1.0, false));
            }
        }
        pending.sort((a, b) -> Long.compare(a.getScored().getTrajectory().getTrajectoryId(),
                b.getScored().getTrajectory().getTrajectoryId()));
        for (TrajectoryOutcome o : pending) {
            out.metric(endUs, o);
        }
        Map<String, Long> c = new HashMap<>();
        c.put("received", received);
        c.put("trained", trained);
        c.put("dropped", dropped);
        c.put("pending", (long) pending.size());
        c.put("steps", (long) stepsDone);
        filter.counters(params, c);
        var train = params.spec.getCluster().getTrain();
        return new StageReport("trainer", lastPublishedUs, SimTime.seconds(trainBusyUs) * train.getDevices(),
                train.getDevices(), c);
    }

    /**
     * What the trained part of a step adds up to. {@link #add} takes the groups out of {@link #groups},
     * applies the staleness bound and returns the outcomes sorted by trajectory id.
     */
    public static final class StepTally {
        long startUs;
        long tokens;
        /** Sum of the kept sequences' squared lengths: their causal attention work. */
        double squaredTokens;
        long responseTokens;
        int kept;
        int dropped;
        int maxStaleness;
        long stalenessSum;
        double trainSeconds;

        public StepTally() {}

        List<TrajectoryOutcome> add(List<Long> prompts, int k, Map<Long, ArrayList<StoredRecord>> groups, int maxStalenessBound) {
            List<TrajectoryOutcome> outcomes = new ArrayList<>();
            for (long prompt : prompts) {
                for (StoredRecord r : groups.remove(prompt)) {
                    ScoredTrajectory s = r.get(ScoredTrajectory.class);
                    Trajectory t = s.getTrajectory();
                    int staleness = k - t.getStartVersion();
                    boolean keep = staleness <= maxStalenessBound;
                    if (keep) {
                        kept++;
                        long length = (long) t.getPromptTokens() + t.getResponseTokens();
                        tokens += length;
                        squaredTokens += (double) length * length;
                        responseTokens += t.getResponseTokens();
                        maxStaleness = Math.max(maxStaleness, staleness);
                        stalenessSum += staleness;
                    } else {
                        dropped++;
                    }
                    outcomes.add(new TrajectoryOutcome(s, keep, k, keep ? staleness : -1,
                            keep ? TokenStaleness.weighted(t, k) : -1.0, false));
                }
            }
            return OutcomeOrder.sortedById(outcomes);
        }

        double meanStaleness() {
            return kept == 0 ? 0.0 : (double) stalenessSum / kept;
        }
    }
}
