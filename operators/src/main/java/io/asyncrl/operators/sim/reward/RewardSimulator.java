package io.asyncrl.operators.sim.reward;

import io.asyncrl.operators.sim.core.Emitter;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StageSimulator;
import io.asyncrl.operators.sim.core.TimedBuffer;
import io.asyncrl.operators.sim.core.Difficulty;

import io.asyncrl.hw.InstanceTiming;
import io.asyncrl.schemas.RewardKind;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.StageReport;
import io.asyncrl.schemas.Trajectory;
import java.util.HashMap;
import java.util.Map;

/**
 * Verifier workers (rule-based, a fixed CPU cost per sample) or reward-model instances (a prefill of
 * prompt plus response), as a first-come-first-served multi-server queue. Arrivals are taken in
 * (completion time, trajectory id) order once the trajectories watermark has passed them; each goes
 * to the server free earliest (lowest index on ties).
 *
 * <p>The reward value is a synthetic pass/fail drawn from the trajectory's own random stream: the
 * simulator models where time goes, not what the policy learns.
 */
public final class RewardSimulator implements StageSimulator {
    private transient SimParams params;
    private transient InstanceTiming rewardTiming;
    TimedBuffer arrivals = new TimedBuffer();
    long[] serverFreeUs;
    long busyUs;
    long scored;
    long emittedWatermark = SimTime.UNKNOWN;

    public RewardSimulator() {}

    public RewardSimulator(SimParams params) {
        attach(params);
        this.serverFreeUs = new long[servers()];
    }

    @Override
    public void attach(SimParams params) {
        this.params = params;
        var reward = params.spec.getWorkload().getReward();
        this.rewardTiming = reward.getKind() == RewardKind.MODEL ? params.rewardTiming : null;
    }

    private int servers() {
        var reward = params.spec.getWorkload().getReward();
        return reward.getKind() == RewardKind.MODEL
                ? reward.getDevices() / reward.getTp()
                : reward.getWorkers();
    }

    private long costUs(long tokens) {
        if (rewardTiming != null) {
            return SimTime.micros(rewardTiming.prefillSeconds(tokens, 0));
        }
        return SimTime.micros(params.spec.getWorkload().getReward().getCpuMsPerSample() / 1000.0);
    }

    public void add(Trajectory t) {
        arrivals.add(t.getEndUs(), t.getTrajectoryId(), t);
    }

    /** Scores every arrival up to {@code watermarkUs}; returns the output watermark. */
    @Override
    public long advance(long watermarkUs, Emitter out) {
        while (!arrivals.isEmpty() && arrivals.headTimeUs() <= watermarkUs) {
            long arrival = arrivals.headTimeUs();
            Trajectory t = arrivals.poll(Trajectory.class);
            int server = 0;
            for (int i = 1; i < serverFreeUs.length; i++) {
                if (serverFreeUs[i] < serverFreeUs[server]) {
                    server = i;
                }
            }
            long start = Math.max(arrival, serverFreeUs[server]);
            long cost = costUs((long) t.getPromptTokens() + t.getResponseTokens());
            long done = start + cost;
            serverFreeUs[server] = done;
            busyUs += cost;
            scored++;
            double reward = Difficulty.reward(params.spec, t.getPromptId(), t.getTrajectoryId());
            out.data(done, new ScoredTrajectory(t, reward, done));
        }
        long earliestFree = Long.MAX_VALUE;
        for (long f : serverFreeUs) {
            earliestFree = Math.min(earliestFree, f);
        }
        long bound = SimTime.plus(Math.max(watermarkUs, earliestFree), costUs(params.minPromptTokens + 1L));
        emittedWatermark = Math.max(emittedWatermark, bound);
        return emittedWatermark;
    }

    /** Scores everything still waiting and returns the totals, ending at {@code endUs} (the last input). */
    @Override
    public StageReport finish(long endUs, Emitter out) {
        advance(SimTime.NEVER, out);
        return report(endUs);
    }

    /** Totals for the metrics topic when the experiment ends. */
    public StageReport report(long endUs) {
        Map<String, Long> c = new HashMap<>();
        c.put("scored", scored);
        c.put("unscored", (long) arrivals.size());
        var reward = params.spec.getWorkload().getReward();
        int devices = reward.getKind() == RewardKind.MODEL ? reward.getDevices() : 0;
        double deviceSeconds = reward.getKind() == RewardKind.MODEL
                ? SimTime.seconds(busyUs) * reward.getTp() : SimTime.seconds(busyUs);
        return new StageReport("reward", endUs, deviceSeconds, devices, c);
    }
}
