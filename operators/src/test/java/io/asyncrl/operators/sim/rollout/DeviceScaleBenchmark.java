package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.ModelSpec;
import io.asyncrl.schemas.RoleSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Plain timed harness for the in-memory pipeline's cost against the simulated cluster's size: the same
 * trajectories (same prompts, lengths and steps) on 64 and on 4,096 devices (3/4 rollout at TP 1,
 * 1/4 training), CPU seconds of the whole pipeline (every stage, one thread), side by side in one JVM.
 * Issue 13 asks the large cluster to cost at most 1.2x the small one: the controller must not scan
 * every instance per event. Figures go to docs/performance.md; no test asserts a time.
 * Run: java -cp ... io.asyncrl.operators.sim.rollout.DeviceScaleBenchmark [prompts per step] [steps] [rounds]
 */
public final class DeviceScaleBenchmark {
    private DeviceScaleBenchmark() {}

    static ExperimentSpec spec(int devices, int promptsPerStep, int steps) {
        ExperimentSpec spec = TestingSpecs.tinySplit(AsyncMode.ASYNC, 2, false, 7);
        spec.setId("scale-" + devices);
        spec.setModel(ModelSpec.newBuilder().setName("qwen2.5-7b").build());
        spec.getWorkload().setPromptTokens(LengthDist.newBuilder().setDist(DistKind.FIXED).setValue(512).build());
        spec.getWorkload().setResponseTokens(LengthDist.newBuilder().setDist(DistKind.LOGNORMAL)
                .setMedian(1000).setSigma(0.6).setMin(1).setMax(8000).build());
        spec.getAlgorithm().setPromptsPerStep(promptsPerStep);
        spec.getAlgorithm().setGroupSize(16);
        spec.getAlgorithm().setSteps(steps);
        spec.getCluster().getRollout().setDevices(devices * 3 / 4);
        spec.getCluster().setTrain(RoleSpec.newBuilder().setDevices(devices / 4).setTp(1).build());
        spec.getCluster().setMaxNumSeqs(256);
        spec.getCluster().setQueueDepth(64);
        return spec;
    }

    static double cpuSeconds(int devices, int promptsPerStep, int steps) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        new LocalPipeline(new CatalogParamsResolver(), -1).run(spec(devices, promptsPerStep, steps));
        return (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
    }

    public static void main(String[] args) {
        int prompts = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        cpuSeconds(64, 64, 2);
        cpuSeconds(4096, 64, 2);
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            double small = cpuSeconds(64, prompts, steps);
            double large = cpuSeconds(4096, prompts, steps);
            ratios[round] = large / small;
            System.out.printf(Locale.ROOT, "round %d: %d trajectories: 64 devices %.2f CPU s, 4096 devices %.2f CPU s,"
                    + " ratio %.2f%n", round, (long) prompts * 16 * steps, small, large, large / small);
        }
        // one round's ratio moves by a fifth either way with the JIT and the collector when a run takes a tenth of a
        // second (the default 512 x 4, warm); the median of many rounds, each pair side by side, takes that out
        java.util.Arrays.sort(ratios);
        double median = rounds % 2 == 1 ? ratios[rounds / 2] : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
        System.out.printf(Locale.ROOT, "median ratio of %d rounds: %.2f (least %.2f, most %.2f)%n", rounds, median,
                ratios[0], ratios[rounds - 1]);
    }
}
