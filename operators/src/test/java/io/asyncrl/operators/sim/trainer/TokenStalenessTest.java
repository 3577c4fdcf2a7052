package io.asyncrl.operators.sim.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenStalenessTest {

    private static Trajectory trajectory(int start, int end, List<VersionSpan> spans) {
        int tokens = spans.stream().mapToInt(VersionSpan::getTokens).sum();
        return Trajectory.newBuilder().setTrajectoryId(0).setPromptId(0).setSampleIndex(0).setPromptTokens(10)
                .setResponseTokens(tokens).setInstance(0).setDispatchUs(0).setStartUs(0).setEndUs(1)
                .setStartVersion(start).setEndVersion(end).setInterruptions(start == end ? 0 : 1).setPreemptions(0)
                .setSpans(spans).setRequeues(0).setRound(-1).build();
    }

    @Test
    void shouldWeighEachSpanByItsTokens() {
        // 100 tokens of version 2 and 300 of version 3, trained at k = 5: (100 x 3 + 300 x 2) / 400 = 2.25
        Trajectory t = trajectory(2, 3, List.of(new VersionSpan(2, 100), new VersionSpan(3, 300)));
        assertThat(TokenStaleness.weighted(t, 5)).isEqualTo(2.25);
        assertThat(TokenStaleness.fromSpans(t, 5)).isEqualTo(2.25);
        // one version over two spans (a preemption), trained at k = 6: 6 - 4 = 2
        Trajectory one = trajectory(4, 4, List.of(new VersionSpan(4, 10), new VersionSpan(4, 20)));
        assertThat(TokenStaleness.weighted(one, 6)).isEqualTo(2.0);
        assertThat(TokenStaleness.fromSpans(one, 6)).isEqualTo(2.0);
        // no tokens: k - start version
        assertThat(TokenStaleness.weighted(trajectory(1, 1, List.of()), 3)).isEqualTo(2.0);
    }

    @Test
    void shouldGiveWhatTheSpansGiveForEveryTrainedTrajectory() {
        int single = 0;
        int several = 0;
        for (long seed = 1; seed <= 4; seed++) {
            for (int eta : new int[] {1, 2, 4}) {
                for (boolean partial : new boolean[] {false, true}) {
                    LocalPipeline p = new LocalPipeline(new CatalogParamsResolver(), -1);
                    p.run(TestingSpecs.tiny(AsyncMode.ASYNC, eta, partial, seed));
                    for (SimEvent e : p.metrics()) {
                        if (e.getPayload() instanceof TrajectoryOutcome o && o.getTrained()) {
                            Trajectory t = o.getScored().getTrajectory();
                            assertThat(o.getTokenWeightedStaleness()).as("trajectory " + t.getTrajectoryId())
                                    .isEqualTo(TokenStaleness.fromSpans(t, o.getStep()));
                            if (t.getStartVersion() == t.getEndVersion()) {
                                single++;
                            } else {
                                several++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(single).isPositive();
        assertThat(several).as("interrupted trajectories trained under two versions").isPositive();
    }
}
