package io.asyncrl.connectors.avro;

import io.asyncrl.schemas.BatchItem;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Plain timed harness for {@link SimEventCodec}: CPU nanoseconds per item to encode and to decode a metrics batch of
 * trajectory outcomes shaped like the pipeline's (ids in the millions, times in the tens of billions of
 * microseconds, one to three version spans), the records that dominate a large run's topics. Prints the median
 * of several rounds. Run it with the launcher's options for Flink commands (C1 only) to see what the pipeline
 * sees:
 * {@code java -XX:TieredStopAtLevel=1 -cp ... io.asyncrl.connectors.avro.SimEventCodecBenchmark}
 */
public final class SimEventCodecBenchmark {
    private SimEventCodecBenchmark() {}

    public static SimEvent outcomeBatch(int items, long seed) {
        Random r = new Random(seed);
        List<BatchItem> batch = new ArrayList<>(items);
        long id = 1_000_000L + r.nextInt(1_000_000);
        for (int i = 0; i < items; i++) {
            long start = 40_000_000_000L + r.nextInt(1_000_000_000);
            long end = start + r.nextInt(400_000_000);
            int response = 500 + r.nextInt(27_000);
            List<VersionSpan> spans = new ArrayList<>();
            int version = 100 + r.nextInt(8);
            for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
                spans.add(new VersionSpan(version + k, response / n));
            }
            Trajectory t = new Trajectory(id + i, (id + i) / 16, i % 16, 32 + r.nextInt(1000), response, r.nextInt(96),
                    start - r.nextInt(1_000_000), start, end, version, version + spans.size() - 1, r.nextInt(3), 0,
                    spans, 0, 0);
            ScoredTrajectory s = new ScoredTrajectory(t, r.nextDouble(), end + r.nextInt(20_000));
            batch.add(new BatchItem(end, new TrajectoryOutcome(s, r.nextBoolean(), 100 + r.nextInt(8),
                    r.nextInt(8), r.nextDouble() * 8, false)));
        }
        return new SimEvent("areal-7b-math", EventKind.BATCH, 0L, "trainer-0", 1L, null, batch);
    }

    public static void main(String[] args) {
        int items = 700;
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        SimEvent batch = outcomeBatch(items, 42);
        byte[] bytes = SimEventCodec.encode(batch);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int rounds = 7;
        double[] enc = new double[rounds];
        double[] dec = new double[rounds];
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                sink += SimEventCodec.encode(batch).length;
            }
            long t1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                sink += SimEventCodec.decode(bytes).getBatch().size();
            }
            long t2 = mx.getCurrentThreadCpuTime();
            enc[round] = (t1 - t0) / (double) (reps * (long) items);
            dec[round] = (t2 - t1) / (double) (reps * (long) items);
        }
        Arrays.sort(enc);
        Arrays.sort(dec);
        System.out.printf(Locale.ROOT, "SimEventCodec, a batch of %d outcomes (%d bytes, %.1f bytes an item), %d reps"
                + " x %d rounds: encode %.1f ns/item, decode %.1f ns/item (medians; checksum %d)%n",
                items, bytes.length, bytes.length / (double) items, reps, rounds, enc[rounds / 2], dec[rounds / 2], sink);
    }
}
