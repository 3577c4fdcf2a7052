package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.Shard;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StateIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The inputs of a stage that several shards of one producer write ({@link Shard}): per input, each
 * shard's highest watermark and whether it has ended. The input's watermark is the minimum over its
 * shards (a shard not heard from yet holds it at {@link SimTime#UNKNOWN}) and the input ends with its
 * last shard's END. Data needs nothing here: stages order their arrivals by (time, id) once the
 * watermark passes them, so records of several shards merge in any interleaving to the same result.
 * Part of the stage's state; an input no shard has written to holds nothing.
 */
final class ShardedInputs {
    /** Per input: each shard's watermark, or null while the input has no sharded producer. */
    long[][] watermarks;
    /** Per input: each shard's END seen. */
    boolean[][] ended;

    ShardedInputs(int inputs) {
        watermarks = new long[inputs][];
        ended = new boolean[inputs][];
    }

    /** Records shard {@code s}'s watermark {@code timeUs} on {@code input}; the input's watermark over all shards. */
    long watermark(int input, Shard s, long timeUs) {
        long[] w = shards(input, s);
        w[s.index()] = Math.max(w[s.index()], timeUs);
        long min = Long.MAX_VALUE;
        for (long x : w) {
            min = Math.min(min, x);
        }
        return min;
    }

    /** Records shard {@code s}'s END on {@code input}; true once every shard of the input has ended. */
    boolean end(int input, Shard s) {
        shards(input, s);
        boolean[] e = ended[input];
        e[s.index()] = true;
        for (boolean x : e) {
            if (!x) {
                return false;
            }
        }
        return true;
    }

    private long[] shards(int input, Shard s) {
        if (watermarks[input] == null) {
            watermarks[input] = new long[s.count()];
            Arrays.fill(watermarks[input], SimTime.UNKNOWN);
            ended[input] = new boolean[s.count()];
        } else if (watermarks[input].length != s.count()) {
            throw new IllegalStateException("input " + input + " has " + watermarks[input].length
                    + " shards, but " + s.producer() + " says " + s.count());
        }
        return watermarks[input];
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(watermarks.length);
        for (int i = 0; i < watermarks.length; i++) {
            out.writeBoolean(watermarks[i] != null);
            if (watermarks[i] != null) {
                StateIo.writeLongs(watermarks[i], out);
                for (boolean e : ended[i]) {
                    out.writeBoolean(e);
                }
            }
        }
    }

    static ShardedInputs read(DataInput in) throws IOException {
        ShardedInputs s = new ShardedInputs(in.readInt());
        for (int i = 0; i < s.watermarks.length; i++) {
            if (in.readBoolean()) {
                s.watermarks[i] = StateIo.readLongs(in);
                s.ended[i] = new boolean[s.watermarks[i].length];
                for (int k = 0; k < s.ended[i].length; k++) {
                    s.ended[i][k] = in.readBoolean();
                }
            }
        }
        return s;
    }
}
