package io.asyncrl.operators.sim.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.RecordingEmitter;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.StageReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.VersionSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier pool as a first-come-first-served multi-server queue, computed by hand. */
class RewardSimulatorTest {

    private static Trajectory ended(long id, long endUs) {
        return new Trajectory(id, id / 4, (int) (id % 4), 100, 50, 0, 0L, 0L, endUs, 0, 0, 0, 0,
                List.of(new VersionSpan(0, 50)), 0, -1);
    }

    /** Two rule-based workers at 20 ms (20,000 us) a sample. */
    private static RewardSimulator twoWorkers() {
        ExperimentSpec spec = TestingSpecs.tinySplit(AsyncMode.ASYNC, 2, false, 5);
        spec.getWorkload().getReward().setWorkers(2);
        spec.getWorkload().getReward().setCpuMsPerSample(20.0);
        return new RewardSimulator(new CatalogParamsResolver().resolve(spec));
    }

    @Test
    void shouldQueueArrivalsOnTheWorkerFreeEarliest() {
        RewardSimulator r = twoWorkers();
        r.add(ended(2, 1_005_000));
        r.add(ended(1, 1_000_000));
        r.add(ended(0, 1_000_000));
        r.add(ended(3, 2_000_000));
        RecordingEmitter out = new RecordingEmitter();

        long watermark = r.advance(1_005_000, out);

        // ids 0 and 1 arrive together at 1,000,000 and take workers 0 and 1: done at 1,000,000 + 20,000.
        // id 2 arrives at 1,005,000; both workers are busy until 1,020,000, the lower index takes it:
        // done at 1,020,000 + 20,000 = 1,040,000. id 3 (at 2,000,000) is past the watermark: not scored.
        assertEquals(List.of(1_020_000L, 1_020_000L, 1_040_000L), out.data.stream().map(RecordingEmitter.At::timeUs).toList());
        assertEquals(List.of(0L, 1L, 2L), out.data.stream()
                .map(a -> ((ScoredTrajectory) a.payload()).getTrajectory().getTrajectoryId()).toList());
        for (RecordingEmitter.At a : out.data) {
            assertEquals(a.timeUs(), ((ScoredTrajectory) a.payload()).getScoredUs());
        }
        // Nothing can be scored before a worker frees (1,020,000; worker 0 is busy to 1,040,000) plus one
        // sample's cost: 1,020,000 + 20,000 = 1,040,000.
        assertEquals(1_040_000L, watermark);

        StageReport report = r.report(3_000_000);
        assertEquals(3L, report.getCounters().get("scored"));
        assertEquals(1L, report.getCounters().get("unscored"));
        // 3 samples x 20 ms of CPU = 0.06 s; verifier workers are not devices.
        assertEquals(0.06, report.getBusyDeviceSeconds(), 1e-12);
        assertEquals(0, report.getDevices());
    }

    @Test
    void shouldGiveTheSameRewardWhateverTheArrivalOrder() {
        RewardSimulator a = twoWorkers();
        RewardSimulator b = twoWorkers();
        for (long id = 0; id < 8; id++) {
            a.add(ended(id, 1_000_000 + id));
            b.add(ended(7 - id, 1_000_000 + 7 - id));
        }
        RecordingEmitter outA = new RecordingEmitter();
        RecordingEmitter outB = new RecordingEmitter();
        a.advance(2_000_000, outA);
        b.advance(2_000_000, outB);
        assertEquals(outA.data, outB.data);
    }
}
