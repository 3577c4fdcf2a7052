package io.asyncrl.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

class ShardKeysTest {

    @Test
    void shouldPutEachShardOnItsOwnSubtaskWhenThereAreAsManyShardsAsSubtasks() {
        for (int parallelism = 2; parallelism <= 5; parallelism++) {
            for (int e = 0; e < 200; e++) {
                String experiment = "exp-" + e;
                String[] keys = ShardKeys.of(experiment, parallelism, 128);
                Set<Integer> subtasks = new HashSet<>();
                for (int k = 0; k < keys.length; k++) {
                    assertThat(ShardKeys.shardOf(keys[k])).isEqualTo(k);
                    assertThat(keys[k]).startsWith(experiment + "#");
                    subtasks.add(KeyGroupRangeAssignment.assignKeyToParallelOperator(keys[k], 128, parallelism));
                }
                assertThat(subtasks).as(experiment + " at parallelism " + parallelism).hasSize(parallelism);
            }
        }
    }

    @Test
    void shouldFindShardsOfAnIdThatHoldsTheSeparators() {
        String[] keys = ShardKeys.of("a#1.2", 3, 128);
        for (int k = 0; k < 3; k++) {
            assertThat(ShardKeys.shardOf(keys[k])).isEqualTo(k);
        }
    }

    @Test
    void shouldRefuseMoreShardsThanKeyGroups() {
        assertThatThrownBy(() -> ShardKeys.of("x", 129, 128)).hasMessageContaining("use at most 128 shards");
    }
}
