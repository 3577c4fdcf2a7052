package io.asyncrl.jobs.bench;

import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.local.LocalPipeline;
import java.nio.file.Path;

/**
 * Plain timed harness: runs a spec through the in-memory pipeline (the same stage code as the Flink
 * job, without Kafka and Flink) and prints the wall time, to see the simulation's own CPU cost.
 * Usage: SimulationBenchmark SPEC.yaml [repeats]
 */
public final class SimulationBenchmark {
    private SimulationBenchmark() {}

    public static void main(String[] args) {
        var spec = SpecLoader.load(Path.of(args[0]), "bench");
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            var p = new LocalPipeline(new CatalogParamsResolver(), -1);
            String json = p.run(spec);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("run %d: %.2f s wall, %d deliveries%n", i, s, p.deliveries());
            if (i == repeats - 1) {
                System.out.println(json);
            }
        }
    }
}
