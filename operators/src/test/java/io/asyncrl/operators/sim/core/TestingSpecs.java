package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.AlgorithmKind;
import io.asyncrl.schemas.AlgorithmSpec;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.AsyncSpec;
import io.asyncrl.schemas.ClusterSpec;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.EvaluationSpec;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.ModelSpec;
import io.asyncrl.schemas.Placement;
import io.asyncrl.schemas.RewardKind;
import io.asyncrl.schemas.RewardSpec;
import io.asyncrl.schemas.RoleSpec;
import io.asyncrl.schemas.WorkloadSpec;

/** Small specs built in code for operator tests (the YAML loader lives in the jobs module). */
public final class TestingSpecs {
    private TestingSpecs() {}

    /** {@link #tiny} on a disaggregated split (3 rollout + 1 train device), with or without streaming minibatches. */
    public static ExperimentSpec tinySplit(AsyncMode mode, int eta, boolean streaming, long seed) {
        ExperimentSpec s = tiny(mode, eta, false, seed);
        s.setId(s.getId() + "-split-" + streaming);
        s.getCluster().setPlacement(Placement.DISAGGREGATED);
        s.getCluster().setRollout(RoleSpec.newBuilder().setDevices(3).setTp(1).build());
        s.getCluster().setTrain(RoleSpec.newBuilder().setDevices(1).setTp(1).build());
        s.getAsync().setStreaming(streaming);
        return s;
    }

    public static ExperimentSpec tiny(AsyncMode mode, int eta, boolean partial, long seed) {
        boolean colocated = mode == AsyncMode.SYNC;
        return ExperimentSpec.newBuilder()
                .setId("exp-" + mode + "-" + eta + "-" + partial + "-" + seed)
                .setName("tiny")
                .setSeed(seed)
                .setModel(ModelSpec.newBuilder().setName("qwen2.5-1.5b").build())
                .setAlgorithm(AlgorithmSpec.newBuilder().setKind(AlgorithmKind.GRPO).setGroupSize(4)
                        .setPromptsPerStep(8).setMinibatches(2).setSteps(5).build())
                .setWorkload(WorkloadSpec.newBuilder()
                        .setPromptTokens(LengthDist.newBuilder().setDist(DistKind.UNIFORM).setMin(64).setMax(512).build())
                        .setResponseTokens(LengthDist.newBuilder().setDist(DistKind.LOGNORMAL).setMedian(300)
                                .setSigma(1.0).setMin(1).setMax(4096).build())
                        .setReward(RewardSpec.newBuilder().setKind(RewardKind.RULE).setCpuMsPerSample(20)
                                .setWorkers(4).build())
                        .build())
                .setCluster(ClusterSpec.newBuilder().setDevice("h800-sxm")
                        .setPlacement(colocated ? Placement.COLOCATED : Placement.DISAGGREGATED)
                        .setRollout(RoleSpec.newBuilder().setDevices(colocated ? 4 : 3).setTp(1).build())
                        .setTrain(RoleSpec.newBuilder().setDevices(colocated ? 4 : 1).setTp(1).build())
                        .setMaxNumSeqs(8)
                        .setQueueDepth(4)
                        .build())
                .setAsync(AsyncSpec.newBuilder().setMode(mode).setMaxStaleness(eta).setPartialRollout(partial).build())
                .setEvaluation(EvaluationSpec.newBuilder().setEverySteps(2).setPrompts(16).build())
                .build();
    }
}
