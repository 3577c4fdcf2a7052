package io.asyncrl.operators.sim.core;

/**
 * One of several producers that together write a stage's output for one experiment (the rollout's
 * instances split over subtasks). The shard is named in the producer field of every record it writes,
 * {@code stage[index/count]}, so a consumer learns from any one record how many shards to wait for:
 * it takes the minimum of their watermarks and ends the input after the last shard's END
 * (the stage package's ShardedInputs). A stage that is not split writes under its plain name, as before.
 */
public record Shard(String stage, int index, int count) {

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + " of " + count);
        }
    }

    /** The producer name of shard {@code index} of {@code count}; the plain stage name when not split. */
    public static String producer(String stage, int index, int count) {
        return count == 1 ? stage : stage + "[" + index + "/" + count + "]";
    }

    /** The shard a producer name denotes, or null for an unsplit producer. */
    public static Shard parse(String producer) {
        int open = producer.lastIndexOf('[');
        if (open < 0 || !producer.endsWith("]")) {
            return null;
        }
        int slash = producer.indexOf('/', open);
        if (slash < 0) {
            return null;
        }
        return new Shard(producer.substring(0, open), Integer.parseInt(producer.substring(open + 1, slash)),
                Integer.parseInt(producer.substring(slash + 1, producer.length() - 1)));
    }

    /** The stage a producer belongs to: its name without the shard suffix. */
    public static String stageOf(String producer) {
        Shard s = parse(producer);
        return s == null ? producer : s.stage();
    }

    public String producer() {
        return producer(stage, index, count);
    }
}
