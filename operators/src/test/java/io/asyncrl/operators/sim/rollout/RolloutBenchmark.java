package io.asyncrl.operators.sim.rollout;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.Emitter;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.operators.sim.core.Workload;

import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.PolicyVersion;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain timed harness for the rollout model: simulated trajectories per CPU second for answers of
 * about 20,000 tokens vs about 500 tokens (lognormal, sigma 0.3), measured side by side in one JVM. The event-driven design should make
 * the two within 2x of each other (the cost of a trajectory does not grow with its token count).
 * Run: java -cp ... io.asyncrl.operators.sim.rollout.RolloutBenchmark
 */
public final class RolloutBenchmark {
    private RolloutBenchmark() {}

    static double lastPreemptionsPerTrajectory;

    static double trajectoriesPerCpuSecond(int responseTokens, int prompts) {
        ExperimentSpec spec = TestingSpecs.tiny(AsyncMode.ASYNC, 0, false, 1);
        spec.getWorkload().setPromptTokens(LengthDist.newBuilder().setDist(DistKind.FIXED).setValue(512).build());
        // Lengths spread around the target (sigma 0.3), as real answers are: with one fixed length a whole
        // batch would finish in a single event and flatter the short case.
        spec.getWorkload().setResponseTokens(LengthDist.newBuilder().setDist(DistKind.LOGNORMAL)
                .setMedian(responseTokens).setSigma(0.3).setMin(1).setMax(2 * responseTokens).build());
        spec.getAlgorithm().setPromptsPerStep(prompts);
        spec.getAlgorithm().setGroupSize(16);
        spec.getAlgorithm().setSteps(1);
        spec.getCluster().getRollout().setDevices(8);
        spec.getCluster().setMaxNumSeqs(256);
        spec.getCluster().setQueueDepth(64);
        SimParams params = new CatalogParamsResolver().resolve(spec);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        RolloutSimulator sim = new RolloutSimulator(params);
        for (long p = 0; p < params.promptCount(); p++) {
            sim.addPrompt(Workload.prompt(spec, p));
        }
        sim.addVersion(new PolicyVersion(0, 0L, 0L, false));
        long[] completed = {0};
        sim.advance(SimTime.NEVER - 1, new Emitter() {
            @Override
            public void data(long timeUs, SpecificRecord payload) {
                completed[0]++;
            }

            @Override
            public void metric(long timeUs, SpecificRecord payload) {}
        });
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        long preemptions = sim.instances().stream().mapToLong(i -> i.preemptions).sum();
        lastPreemptionsPerTrajectory = (double) preemptions / completed[0];
        return completed[0] / cpu;
    }

    public static void main(String[] args) {
        int prompts = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        trajectoriesPerCpuSecond(500, 32);
        trajectoriesPerCpuSecond(20_000, 32);
        for (int round = 0; round < 3; round++) {
            double shortRate = trajectoriesPerCpuSecond(500, prompts);
            double shortPreempt = lastPreemptionsPerTrajectory;
            double longRate = trajectoriesPerCpuSecond(20_000, prompts);
            System.out.printf(Locale.ROOT,
                    "round %d: 500-token answers %.0f traj/CPU-s (%.2f preemptions/traj), 20000-token answers %.0f"
                            + " traj/CPU-s (%.2f preemptions/traj), ratio %.2f%n",
                    round, shortRate, shortPreempt, longRate, lastPreemptionsPerTrajectory, shortRate / longRate);
        }
    }
}
