package io.asyncrl.connectors.arrow;

import io.asyncrl.connectors.avro.SimEventCodecBenchmark;
import io.asyncrl.schemas.BatchItem;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Plain timed harness for {@link TrajectoriesArrowWriter}: wall milliseconds to write {@code trajectories.arrow} for
 * as many outcomes as the AReaL 7B spec generates in 250 steps (2,113,518 by default), shaped like the pipeline's
 * ({@code SimEventCodecBenchmark.outcomeBatch}). Prints each round and the median. Run it with the launcher's
 * options (C1 only, the Arrow opens):
 * {@code java -XX:TieredStopAtLevel=1 --add-opens=java.base/java.nio=ALL-UNNAMED -cp ...
 * io.asyncrl.connectors.arrow.TrajectoriesArrowBenchmark [rows] [rounds]}
 */
public final class TrajectoriesArrowBenchmark {
    private TrajectoriesArrowBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_113_518;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<TrajectoryOutcome> outcomes = new ArrayList<>(rows);
        for (long seed = 0; outcomes.size() < rows; seed++) {
            for (BatchItem item : SimEventCodecBenchmark.outcomeBatch(700, seed).getBatch()) {
                if (outcomes.size() < rows) {
                    outcomes.add((TrajectoryOutcome) item.getPayload());
                }
            }
        }
        Path dir = Files.createTempDirectory("arrow-bench");
        Path file = dir.resolve("trajectories.arrow");
        double[] ms = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            TrajectoriesArrowWriter.write(file, "areal-7b-math", outcomes);
            ms[r] = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "round %d: %.0f ms (%,d bytes)%n", r + 1, ms[r], Files.size(file));
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "trajectories.arrow, %,d rows: median %.0f ms, %.2f us a row%n", rows,
                sorted[rounds / 2], 1000 * sorted[rounds / 2] / rows);
    }
}
