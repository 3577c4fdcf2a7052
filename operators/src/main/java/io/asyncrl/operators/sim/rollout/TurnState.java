package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.agentic.TurnPlan;

/**
 * Where a multi-turn trajectory stands: its plan (cumulative generated tokens at the end of each turn, the
 * tool tokens and environment time after each) and the turn it is in. The {@link Sequence} carries the
 * growing context: {@code promptTokens} is the prompt plus the tool output so far, {@code responseTokens}
 * the generated tokens at the end of the current turn, so the instance's decode and KV accounting need no
 * change; the version spans run on across turns.
 */
public final class TurnState {
    int turn;
    int[] generatedEnd;
    int[] tool;
    long[] envUs;
    /** The instance the trajectory runs on: it comes back there after each environment step. */
    int instance = -1;

    public TurnState() {}

    static TurnState of(TurnPlan plan) {
        TurnState s = new TurnState();
        int n = plan.turns();
        s.generatedEnd = new int[n];
        s.tool = new int[n - 1];
        s.envUs = new long[n - 1];
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += plan.generated(i);
            s.generatedEnd[i] = sum;
            if (i < n - 1) {
                s.tool[i] = plan.toolTokens(i);
                s.envUs[i] = plan.envUs(i);
            }
        }
        return s;
    }

    int turns() {
        return generatedEnd.length;
    }

    boolean lastTurn() {
        return turn == generatedEnd.length - 1;
    }
}
