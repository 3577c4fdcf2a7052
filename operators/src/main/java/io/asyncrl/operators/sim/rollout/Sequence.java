package io.asyncrl.operators.sim.rollout;

import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.VersionSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * One trajectory inside the rollout model, from dispatch to completion. Mutable, owned by exactly
 * one {@link RolloutInstance}; kept in Flink state with its instance.
 */
public final class Sequence {
    long trajectoryId;
    long promptId;
    int sampleIndex;
    int promptTokens;
    int responseTokens;
    int targetVersion;
    long dispatchUs;
    long startUs = -1;
    int startVersion = -1;
    int interruptions;
    int preemptions;
    /** Tokens generated before the current stay in the running batch. */
    int generatedAtJoin;
    /** The instance's decode-step counter when this sequence joined the running batch. */
    long joinStep;
    /** Version that produced the tokens since {@code spanStartTokens}. */
    int spanVersion = -1;
    int spanStartTokens;
    /** Closed spans as parallel lists (plain collections keep Flink state serialization simple). */
    ArrayList<Integer> spanVersions = new ArrayList<>();
    ArrayList<Integer> spanTokens = new ArrayList<>();
    /** Multi-turn trajectories: the turn plan and the current turn; null for a single turn. */
    TurnState turns;
    /** Times a policy set its generation aside (abort, carry, deferral); the step a policy assigned it to, or -1. */
    int requeues;
    int round = -1;
    /** Position key in its instance's running list ({@link RunningIndex}); transient, reassigned on a rebuild. */
    transient long order;

    public Sequence() {}

    Sequence(long trajectoryId, long promptId, int sampleIndex, int promptTokens, int responseTokens,
            int targetVersion, long dispatchUs) {
        this.trajectoryId = trajectoryId;
        this.promptId = promptId;
        this.sampleIndex = sampleIndex;
        this.promptTokens = promptTokens;
        this.responseTokens = responseTokens;
        this.targetVersion = targetVersion;
        this.dispatchUs = dispatchUs;
    }

    int generated(long stepCounter) {
        return generatedAtJoin + (int) (stepCounter - joinStep);
    }

    long finishStep() {
        return joinStep + (responseTokens - generatedAtJoin);
    }

    /** Tokens this sequence holds in the KV cache at the given decode step. */
    long contextTokens(long stepCounter) {
        return (long) promptTokens + generated(stepCounter);
    }

    /** Closes the running version span at {@code generatedNow} tokens and opens one under {@code version}. */
    void switchVersion(int generatedNow, int version) {
        if (spanVersion >= 0 && generatedNow > spanStartTokens) {
            spanVersions.add(spanVersion);
            spanTokens.add(generatedNow - spanStartTokens);
        }
        spanVersion = version;
        spanStartTokens = generatedNow;
    }

    /** Starts its generation over: what it generated is thrown away (abort at a weight update, tail-batching deferral). */
    void restart() {
        generatedAtJoin = 0;
        spanVersion = -1;
        spanStartTokens = 0;
        spanVersions.clear();
        spanTokens.clear();
        startUs = -1;
        startVersion = -1;
        requeues++;
    }

    /** The trajectory as it stands after {@code generatedNow} tokens, for one a policy throws away unfinished. */
    Trajectory abandoned(int instance, long endUs, int generatedNow) {
        switchVersion(generatedNow, spanVersion);
        return build(instance, endUs);
    }

    Trajectory complete(int instance, long endUs) {
        switchVersion(responseTokens, spanVersion);
        return build(instance, endUs);
    }

    private Trajectory build(int instance, long endUs) {
        List<VersionSpan> spans = new ArrayList<>(spanVersions.size());
        for (int i = 0; i < spanVersions.size(); i++) {
            spans.add(new VersionSpan(spanVersions.get(i), spanTokens.get(i)));
        }
        // the record's own setters: a builder validates and flags every field, and its build() checks each flag
        // (about a third of this method's time, docs/performance.md); every field is set here
        Trajectory t = new Trajectory();
        t.setTrajectoryId(trajectoryId);
        t.setPromptId(promptId);
        t.setSampleIndex(sampleIndex);
        t.setPromptTokens(promptTokens);
        t.setResponseTokens(responseTokens);
        t.setInstance(instance);
        t.setDispatchUs(dispatchUs);
        t.setStartUs(startUs);
        t.setEndUs(endUs);
        t.setStartVersion(startVersion);
        t.setEndVersion(spanVersion);
        t.setInterruptions(interruptions);
        t.setPreemptions(preemptions);
        t.setSpans(spans);
        t.setRequeues(requeues);
        t.setRound(round);
        return t;
    }
}
