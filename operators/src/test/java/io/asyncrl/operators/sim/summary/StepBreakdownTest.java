package io.asyncrl.operators.sim.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.hw.Device;
import io.asyncrl.hw.EngineConfig;
import io.asyncrl.hw.HardwareModel;
import io.asyncrl.hw.HardwareModels;
import io.asyncrl.hw.InstanceTiming;
import io.asyncrl.hw.MemoryCheck;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.TrainJob;
import io.asyncrl.hw.TrainStepTiming;
import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.ForwardingHardwareModel;
import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.LengthDist;
import org.junit.jupiter.api.Test;

class StepBreakdownTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPS = 1e-9;

    /**
     * A hardware model whose durations are round numbers, so a step can be computed by hand: a prefill pass
     * 0.5 s, a decode iteration 0.01 s whatever the batch, a training step 5 s, a colocated switch 2 s, a
     * weight sync 3 s, and a KV cache that never fills.
     */
    static final class RoundNumbers extends ForwardingHardwareModel {
        @Override
        public InstanceTiming inference(Device device, ModelArch model, int tp) {
            return new InstanceTiming() {
                @Override
                public long kvCapacityTokens() {
                    return 1_000_000_000L;
                }

                @Override
                public double prefillSeconds(long newTokens, long contextTokens) {
                    return 0.5;
                }

                @Override
                public double prefillPassSeconds(long newTokens, double attentionPairs) {
                    return 0.5;
                }

                @Override
                public double decodeStepSeconds(int batch, long kvTokens) {
                    return 0.01;
                }

                @Override
                public double decodeSpanSeconds(int batch, long kvTokensStart, long steps) {
                    return 0.01 * steps;
                }
            };
        }

        @Override
        public TrainStepTiming trainStep(Device device, ModelArch model, TrainJob job) {
            return new TrainStepTiming(5.0, 0, 0, 0);
        }

        @Override
        public double streamedLogprobSeconds(Device device, ModelArch model, TrainJob job) {
            return 0;
        }

        @Override
        public double weightSyncSeconds(Device device, ModelArch model, int trainDevices, int rolloutDevices,
                int rolloutTp) {
            return 3.0;
        }

        @Override
        public double colocatedSwitchSeconds(Device device, ModelArch model, int devices, int rolloutTp, int trainTp) {
            return 2.0;
        }
    }

    private static final ParamsResolver ROUND_NUMBERS = spec -> {
        SimParams catalog = new CatalogParamsResolver().resolve(spec);
        return new SimParams(spec, catalog.device, catalog.model, new RoundNumbers());
    };

    /** The tiny sync spec (colocated, 4 instances, 8 prompts x 4 answers per step) with every length fixed. */
    private static ExperimentSpec fixedSync() {
        ExperimentSpec s = TestingSpecs.tiny(AsyncMode.SYNC, 0, false, 7);
        s.getAlgorithm().setSteps(2);
        s.getWorkload().setPromptTokens(LengthDist.newBuilder().setDist(DistKind.FIXED).setValue(100).build());
        s.getWorkload().setResponseTokens(LengthDist.newBuilder().setDist(DistKind.FIXED).setValue(1000).build());
        s.getWorkload().getReward().setWorkers(64);
        s.getEvaluation().setEverySteps(0);
        return s;
    }

    @Test
    void shouldSplitAHandComputedSyncStepIntoGenerateSwitchTrainSwitchBack() throws Exception {
        JsonNode b = JSON.readTree(new LocalPipeline(ROUND_NUMBERS, -1).run(fixedSync())).path("breakdown");
        // Each step's 32 answers split 8 per instance, all admitted at once (max_num_seqs 8) when the weights arrive:
        //   generating = one prefill pass 0.5 + 1000 decode iterations x 0.01 = 10.5 s (every answer is the longest)
        //   reward     = 20 ms per answer on 64 free workers = 0.02 s after the last answer
        //   switching  = 2 s to training, training = 5 s, sync (the switch back to rollout) = 2 s
        //   window     = 10.5 + 0.02 + 2 + 5 + 2 = 19.52 s; step 1 starts when step 0's weights are back, at 19.52 s
        for (int k = 0; k < 2; k++) {
            JsonNode step = b.path("steps").get(k);
            assertEquals(k, step.path("step").asInt());
            assertEquals(19.52 * k, step.path("from_seconds").asDouble(), EPS);
            assertEquals(19.52, step.path("seconds").asDouble(), EPS);
            JsonNode path = step.path("critical_path");
            assertEquals(0.0, path.path("queued").asDouble(), EPS);
            assertEquals(10.5, path.path("generating").asDouble(), EPS);
            assertEquals(0.02, path.path("reward").asDouble(), EPS);
            assertEquals(2.0, path.path("switching").asDouble(), EPS);
            assertEquals(5.0, path.path("training").asDouble(), EPS);
            assertEquals(2.0, path.path("sync").asDouble(), EPS);
            // every instance holds sequences for 10.5 s of the 19.52; the trainer trains 5, switches 2 + 2, waits 10.52
            assertEquals(10.5, step.path("rollout").path("generating").asDouble(), EPS);
            assertEquals(9.02, step.path("rollout").path("idle").asDouble(), EPS);
            assertEquals(5.0, step.path("train").path("training").asDouble(), EPS);
            assertEquals(4.0, step.path("train").path("switching_or_sync").asDouble(), EPS);
            assertEquals(10.52, step.path("train").path("waiting").asDouble(), EPS);
            assertEquals(0.0, step.path("admission_gated_seconds").asDouble(), EPS, "sync mode waits for weights by design");
        }
        // two windows of 19.52 s; the largest part of the critical path is decoding: 2 x 10.5 / 39.04
        assertEquals(39.04, b.path("seconds").asDouble(), EPS);
        assertEquals("rollout decode", b.path("bottleneck").path("resource").asText());
        assertEquals(21.0 / 39.04, b.path("bottleneck").path("share").asDouble(), 1e-6);
        assertEquals(10.5, b.path("bottleneck").path("seconds_per_step").asDouble(), EPS);
        assertEquals(8.0 / 39.04, b.path("critical_path_share").path("sync").asDouble(), 1e-6);
    }

    @Test
    void shouldPayTheWeightSyncInsteadOfSwitchesWhenDisaggregated() throws Exception {
        ExperimentSpec s = fixedSync();
        s.setId(s.getId() + "-split");
        s.getCluster().setPlacement(io.asyncrl.schemas.Placement.DISAGGREGATED);
        s.getCluster().getTrain().setDevices(1);
        JsonNode step = JSON.readTree(new LocalPipeline(ROUND_NUMBERS, -1).run(s)).path("breakdown").path("steps").get(1);
        // 4 rollout instances as before: generate 10.5, reward 0.02, no switch, train 5, weight sync 3 = 18.52 s,
        // step 1 starting at step 0's 18.52
        assertEquals(18.52, step.path("from_seconds").asDouble(), EPS);
        assertEquals(18.52, step.path("seconds").asDouble(), EPS);
        assertEquals(0.0, step.path("critical_path").path("switching").asDouble(), EPS);
        assertEquals(3.0, step.path("critical_path").path("sync").asDouble(), EPS);
        assertEquals(3.0, step.path("train").path("switching_or_sync").asDouble(), EPS);
    }

    @Test
    void shouldBlameTheStalenessBoundForGenerationItHeldBack() throws Exception {
        ExperimentSpec s = fixedSync();
        s.setId(s.getId() + "-eta0");
        s.getAlgorithm().setSteps(3);
        s.getAsync().setMode(AsyncMode.ASYNC);
        s.getCluster().setPlacement(io.asyncrl.schemas.Placement.DISAGGREGATED);
        s.getCluster().getRollout().setDevices(1);
        s.getCluster().getTrain().setDevices(1);
        s.getCluster().setMaxNumSeqs(64);
        s.getCluster().setQueueDepth(64);
        JsonNode b = JSON.readTree(new LocalPipeline(ROUND_NUMBERS, -1).run(s)).path("breakdown");
        // async at staleness 0 on one instance: batch k goes out when version k reaches the rollout. The first
        // trajectory starts a prefill pass alone (0.5 s), the other 31 wait for it and prefill together (0.5 s), then
        // all decode 1000 tokens (10 s). The batch's last trajectory (id 31, all end together) queued 0.5 s and
        // generated 10.5 s; + reward 0.02 + train 5 + sync 3 = a 19.02 s window. Step 0's batch went out at time 0,
        // steps 1 and 2's when new weights arrived: their 0.5 + 10.5 = 11 s were held back by the staleness bound.
        assertEquals(0.0, b.path("steps").get(0).path("admission_gated_seconds").asDouble(), EPS);
        for (int k = 0; k < 3; k++) {
            JsonNode step = b.path("steps").get(k);
            assertEquals(19.02, step.path("seconds").asDouble(), EPS);
            assertEquals(0.5, step.path("critical_path").path("queued").asDouble(), EPS);
            assertEquals(10.5, step.path("critical_path").path("generating").asDouble(), EPS);
            assertEquals(k == 0 ? 0.0 : 11.0, step.path("admission_gated_seconds").asDouble(), EPS);
        }
        // staleness admission 2 x 11 = 22 s of 3 x 19.02 = 57.06 s, more than training's 15 s or decode's 11 s (step 0)
        assertEquals("staleness admission", b.path("bottleneck").path("resource").asText());
        assertEquals(22.0 / 57.06, b.path("bottleneck").path("share").asDouble(), 1e-6);
        assertEquals(11.0 / 57.06, b.path("critical_path_share").path("rollout decode").asDouble(), 1e-6);
    }

    @Test
    void shouldCutEveryWindowIntoSegmentsThatAddUpToIt() throws Exception {
        for (AsyncMode mode : AsyncMode.values()) {
            for (long seed = 1; seed <= 3; seed++) {
                ExperimentSpec spec = mode == AsyncMode.SYNC ? TestingSpecs.tiny(mode, 0, false, seed)
                        : TestingSpecs.tinySplit(mode, 2, seed == 3, seed);
                JsonNode b = JSON.readTree(new LocalPipeline(new CatalogParamsResolver(), -1).run(spec)).path("breakdown");
                double total = 0;
                double from = 0;
                for (JsonNode step : b.path("steps")) {
                    double sum = 0;
                    for (JsonNode v : step.path("critical_path")) {
                        sum += v.asDouble();
                    }
                    String where = mode + " seed " + seed + " step " + step.path("step");
                    assertEquals(step.path("seconds").asDouble(), sum, 1e-5, where);
                    assertEquals(from, step.path("from_seconds").asDouble(), 1e-5, where);
                    JsonNode train = step.path("train");
                    assertEquals(step.path("seconds").asDouble(), train.path("training").asDouble()
                            + train.path("switching_or_sync").asDouble() + train.path("waiting").asDouble(), 1e-5, where);
                    from += step.path("seconds").asDouble();
                    total += step.path("seconds").asDouble();
                }
                assertEquals(b.path("seconds").asDouble(), total, 1e-5);
            }
        }
    }

    @Test
    void shouldKeepOnlyTheUnionOfEachInstancesBusyIntervalsWhateverTheOrder() {
        // 20,000 trajectories on 4 instances, in 50 busy periods of overlapping sequences with gaps between them
        java.util.Random rnd = new java.util.Random(3);
        java.util.List<long[]> all = new java.util.ArrayList<>();
        java.util.BitSet[] busy = new java.util.BitSet[4];
        for (int k = 0; k < 4; k++) {
            busy[k] = new java.util.BitSet();
        }
        for (int i = 0; i < 20_000; i++) {
            int instance = rnd.nextInt(4);
            long start = rnd.nextInt(50) * 1_000L + rnd.nextInt(600);
            long end = start + 1 + rnd.nextInt(400);
            all.add(new long[] {instance, start, end});
            busy[instance].set((int) start, (int) end);
        }
        java.util.Collections.shuffle(all, rnd);
        StepBreakdown b = new StepBreakdown();
        for (long[] t : all) {
            b.outcome(outcome((int) t[0], t[1], t[2]));
        }
        assertEquals(true, b.instance.length <= 1024, "capacity " + b.instance.length + " for 20,000 trajectories");
        b.mergeIntervals();
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (int k = 0; k < 4; k++) {
            for (int lo = busy[k].nextSetBit(0); lo >= 0; lo = busy[k].nextSetBit(busy[k].nextClearBit(lo))) {
                expected.add(k + ":" + lo + "-" + busy[k].nextClearBit(lo));
            }
        }
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (int i = 0; i < b.intervals; i++) {
            kept.add(b.instance[i] + ":" + b.startUs[i] + "-" + b.endUs[i]);
        }
        assertEquals(expected, kept);
    }

    private static io.asyncrl.schemas.TrajectoryOutcome outcome(int instance, long startUs, long endUs) {
        io.asyncrl.schemas.Trajectory t = new io.asyncrl.schemas.Trajectory(1L, 1L, 0, 10, 10, instance, startUs, startUs,
                endUs, 0, 0, 0, 0, java.util.List.of(), 0, -1);
        return new io.asyncrl.schemas.TrajectoryOutcome(new io.asyncrl.schemas.ScoredTrajectory(t, 0.0, endUs), false, -1,
                0, 0.0, false);
    }
}
