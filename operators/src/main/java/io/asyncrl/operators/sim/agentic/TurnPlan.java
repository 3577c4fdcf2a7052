package io.asyncrl.operators.sim.agentic;

import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.Workload;
import io.asyncrl.schemas.DelayDist;
import io.asyncrl.schemas.EnvironmentSpec;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.WorkloadSpec;
import java.util.Random;

/**
 * The turns of one multi-turn trajectory, drawn from its own random stream (spec seed, trajectory id), so
 * a trajectory's turns never depend on when or where it runs. Turn 0 generates the tokens the prompt drew
 * for this sample; each later turn draws its own from {@code workload.response_tokens}. Between turn i and
 * i+1 an environment step takes {@link #envUs(int)} and appends {@link #toolTokens(int)} to the context.
 */
public final class TurnPlan {
    /** Separates this stream from the prompt's and the reward's streams of the same entity. */
    private static final long STREAM = 0x6167656e7469634cL;

    final int[] generated;
    final int[] tool;
    final long[] envUs;

    private TurnPlan(int[] generated, int[] tool, long[] envUs) {
        this.generated = generated;
        this.tool = tool;
        this.envUs = envUs;
    }

    /** True when the spec's trajectories have more than one turn, or may have. */
    public static boolean multiTurn(ExperimentSpec spec) {
        return spec.getWorkload().getTurns() != null;
    }

    public static TurnPlan of(ExperimentSpec spec, long trajectoryId, int firstTurnTokens) {
        WorkloadSpec w = spec.getWorkload();
        Random random = new Random(Workload.mix(spec.getSeed() ^ STREAM, trajectoryId));
        int turns = w.getTurns() == null ? 1 : Workload.sample(w.getTurns(), random);
        int[] generated = new int[turns];
        int[] tool = new int[Math.max(0, turns - 1)];
        long[] env = new long[tool.length];
        generated[0] = firstTurnTokens;
        EnvironmentSpec e = w.getEnvironment();
        DelayDist latency = e == null ? null : e.getLatencySeconds();
        for (int i = 1; i < turns; i++) {
            generated[i] = Workload.sample(w.getResponseTokens(), random);
            tool[i - 1] = w.getToolTokens() == null ? 0 : Workload.sample(w.getToolTokens(), random);
            env[i - 1] = latency == null ? 0L : SimTime.micros(seconds(latency, random));
        }
        return new TurnPlan(generated, tool, env);
    }

    /** A duration drawn from the distribution, in seconds; StrictMath keeps it identical on every machine. */
    static double seconds(DelayDist d, Random random) {
        return switch (d.getDist()) {
            case FIXED -> d.getValue();
            case UNIFORM -> d.getMin() + (d.getMax() - d.getMin()) * random.nextDouble();
            case LOGNORMAL -> Math.max(d.getMin(),
                    Math.min(d.getMax(), d.getMedian() * StrictMath.exp(d.getSigma() * random.nextGaussian())));
        };
    }

    public int turns() {
        return generated.length;
    }

    /** Tokens generated in turn {@code i}. */
    public int generated(int i) {
        return generated[i];
    }

    /** Tokens the environment step after turn {@code i} appends. */
    public int toolTokens(int i) {
        return tool[i];
    }

    /** Duration of the environment step after turn {@code i}. */
    public long envUs(int i) {
        return envUs[i];
    }
}
