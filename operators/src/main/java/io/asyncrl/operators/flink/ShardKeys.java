package io.asyncrl.operators.flink;

import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The keys of one experiment's shards: {@code experiment#shard.salt}, with the salt chosen so that the
 * shards fall into different key groups spread evenly over the key-group range. Flink gives subtask
 * {@code keyGroup * parallelism / maxParallelism} a key, so with as many shards as subtasks each shard
 * lands on its own subtask ({@link KeyGroupRangeAssignment}); plain {@code experiment#shard} keys
 * would collide on a subtask by chance. The keys depend only on the experiment, the shard count and
 * the maximum parallelism (fixed for a job's life), so a restore at another parallelism finds every
 * shard's state under the same key. Which part of the range shard 0 takes turns with the experiment,
 * so several experiments do not all start on subtask 0.
 */
public final class ShardKeys {
    private static final int MAX_SALT = 1 << 20;

    private ShardKeys() {}

    /** The key of each of {@code shards} shards of {@code experiment}. */
    public static String[] of(String experiment, int shards, int maxParallelism) {
        if (shards > maxParallelism) {
            throw new IllegalArgumentException("rollout shards " + shards + " exceed the job's maximum parallelism "
                    + maxParallelism + ": use at most " + maxParallelism + " shards");
        }
        String[] keys = new String[shards];
        int turn = Math.floorMod(experiment.hashCode(), shards);
        for (int k = 0; k < shards; k++) {
            int part = (k + turn) % shards;
            // The key groups subtask `part` of `shards` would own: each shard takes one such part.
            KeyGroupRange range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, shards, part);
            for (int salt = 0; keys[k] == null; salt++) {
                String key = experiment + "#" + k + "." + salt;
                int group = KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism);
                if (range.contains(group) || salt == MAX_SALT) {
                    keys[k] = key;
                }
            }
        }
        return keys;
    }

    /** The shard index a key of {@link #of} names. */
    public static int shardOf(String key) {
        int hash = key.lastIndexOf('#');
        return Integer.parseInt(key.substring(hash + 1, key.indexOf('.', hash)));
    }
}
