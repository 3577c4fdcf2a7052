package io.asyncrl.connectors;

import java.util.List;
import java.util.Map;

import io.asyncrl.schemas.AlgorithmKind;
import io.asyncrl.schemas.AlgorithmSpec;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.AsyncSpec;
import io.asyncrl.schemas.ClusterSpec;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.EvaluationSpec;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.ModelSpec;
import io.asyncrl.schemas.Placement;
import io.asyncrl.schemas.Prompt;
import io.asyncrl.schemas.RewardKind;
import io.asyncrl.schemas.RewardSpec;
import io.asyncrl.schemas.RoleSpec;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StageReport;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import io.asyncrl.schemas.WorkloadSpec;

/** Small, fully populated records for tests. */
public final class TestingRecords {

    private TestingRecords() {
    }

    public static ExperimentSpec spec(String id) {
        LengthDist fixed = LengthDist.newBuilder().setDist(DistKind.FIXED).setValue(128).build();
        return ExperimentSpec.newBuilder()
                .setId(id)
                .setName("test " + id)
                .setSeed(7)
                .setModel(ModelSpec.newBuilder().setName("qwen2.5-7b").build())
                .setAlgorithm(AlgorithmSpec.newBuilder().setKind(AlgorithmKind.GRPO).setSteps(3).build())
                .setWorkload(WorkloadSpec.newBuilder()
                        .setPromptTokens(fixed)
                        .setResponseTokens(LengthDist.newBuilder(fixed).setValue(512).build())
                        .setReward(RewardSpec.newBuilder().setKind(RewardKind.RULE).build())
                        .build())
                .setCluster(ClusterSpec.newBuilder()
                        .setDevice("H100")
                        .setPlacement(Placement.DISAGGREGATED)
                        .setRollout(RoleSpec.newBuilder().setDevices(8).build())
                        .setTrain(RoleSpec.newBuilder().setDevices(8).setTp(2).build())
                        .build())
                .setAsync(AsyncSpec.newBuilder().setMode(AsyncMode.ASYNC).build())
                .setEvaluation(EvaluationSpec.newBuilder().build())
                .build();
    }

    public static SimEvent promptEvent(String experimentId, long timeUs, long promptId) {
        Prompt prompt = Prompt.newBuilder()
                .setPromptId(promptId)
                .setPromptTokens(100 + (int) promptId)
                .setResponseTokens(List.of(10, 20, 30))
                .build();
        return SimEvent.newBuilder()
                .setExperimentId(experimentId)
                .setKind(EventKind.DATA)
                .setTimeUs(timeUs)
                .setPayload(prompt)
                .build();
    }

    public static SimEvent watermark(String experimentId, long timeUs) {
        return SimEvent.newBuilder()
                .setExperimentId(experimentId)
                .setKind(EventKind.WATERMARK)
                .setTimeUs(timeUs)
                .setPayload(null)
                .build();
    }

    public static StageReport stageReport() {
        return StageReport.newBuilder()
                .setStage("rollout")
                .setEndUs(9_000_000L)
                .setBusyDeviceSeconds(55.5)
                .setDevices(8)
                .setCounters(Map.of("preemptions", 3L))
                .build();
    }

    public static StepReport step(int step) {
        return StepReport.newBuilder()
                .setStep(step)
                .setBatchReadyUs(1_000_000L * step + 1)
                .setStartUs(1_000_000L * step + 2)
                .setEndUs(1_000_000L * step + 3)
                .setAvailableUs(1_000_000L * step + 4)
                .setTrajectories(512 + step)
                .setDropped(step % 3)
                .setTokens(5_000_000_000L + step)
                .setResponseTokens(4_000_000_000L + step)
                .setTrainSeconds(12.5 + step)
                .setSwitchOrSyncSeconds(0.25 * step)
                .setMeanStaleness(0.5 + step)
                .setMaxStaleness(step + 1)
                .build();
    }

    public static TrajectoryOutcome outcome(long trajectoryId, boolean trained, int step, int staleness, double tws) {
        Trajectory trajectory = Trajectory.newBuilder()
                .setTrajectoryId(trajectoryId)
                .setPromptId(trajectoryId / 4)
                .setSampleIndex((int) (trajectoryId % 4))
                .setPromptTokens(300)
                .setResponseTokens(1200 + (int) trajectoryId)
                .setInstance(2)
                .setDispatchUs(10L + trajectoryId)
                .setStartUs(20L + trajectoryId)
                .setEndUs(30_000_000_000L + trajectoryId)
                .setStartVersion(1)
                .setEndVersion(3)
                .setInterruptions(1)
                .setPreemptions(2)
                .setSpans(List.of(new VersionSpan(1, 600), new VersionSpan(3, 600)))
                .build();
        return TrajectoryOutcome.newBuilder()
                .setScored(ScoredTrajectory.newBuilder()
                        .setTrajectory(trajectory)
                        .setReward(0.75)
                        .setScoredUs(40_000_000_000L + trajectoryId)
                        .build())
                .setTrained(trained)
                .setStep(step)
                .setStaleness(staleness)
                .setTokenWeightedStaleness(tws)
                .build();
    }
}
