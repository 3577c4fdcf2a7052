package io.asyncrl.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShardNoticeTest {
    /** The module's tests run in jobs/, beside examples/. */
    private static ExperimentSpec example(String file) {
        return SpecLoader.load(Path.of("..", "examples", file), "notice");
    }

    @Test
    void shouldSayNothingWhenOneShardIsOffered() {
        assertNull(ShardNotice.line(example("tiny-sync.yaml"), 1));
    }

    @Test
    void shouldSayWhyAnAsyncRolloutStaysOnOneShard() {
        assertEquals("asyncrl: tiny-async: rollout on 1 shard of 2 offered (async mode dispatches by every instance's "
                + "free queue credits; framework dispatch: round-robin would split it)",
                ShardNotice.line(example("tiny-async.yaml"), 2));
    }

    @Test
    void shouldSplitAnAsyncRolloutThatDispatchesRoundRobin() {
        // framework: areal dispatches round-robin (realhf's gserver manager), so the async rollout splits
        assertEquals("asyncrl: areal-7b-math: rollout on 2 shards of 2 offered",
                ShardNotice.line(example("papers/areal-7b-math.yaml"), 2));
    }

    @Test
    void shouldUseAtMostOneShardPerRolloutInstance() {
        // tiny-sync: 4 rollout devices at tp 1 = 4 instances.
        assertEquals("asyncrl: tiny-sync: rollout on 2 shards of 2 offered", ShardNotice.line(example("tiny-sync.yaml"), 2));
        assertEquals("asyncrl: tiny-sync: rollout on 4 shards of 8 offered (one per rollout instance, 4)",
                ShardNotice.line(example("tiny-sync.yaml"), 8));
    }
}
