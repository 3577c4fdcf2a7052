package io.asyncrl.jobs.bench;

import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.schemas.StepReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints a spec's step reports from the in-memory pipeline, to look inside a simulated run.
 * Usage: StepDump SPEC.yaml [path=value ...]
 */
public final class StepDump {
    private StepDump() {}

    public static void main(String[] args) throws Exception {
        Path p = Path.of(args[0]);
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            settings.put(kv[0], kv[1]);
        }
        var v = new SpecVariants(Files.readString(p, StandardCharsets.UTF_8), p.toString()).variant(settings, "dump");
        RunResult r = InMemoryRunner.run(v.spec());
        System.out.println("step  ready_s  start_s    end_s  avail_s  train_s  sync_s  traj   resp_tok_M  stale");
        for (StepReport s : r.steps()) {
            System.out.printf("%4d %8.1f %8.1f %8.1f %8.1f %8.1f %7.1f %5d %10.2f %6.2f%n", s.getStep(),
                    s.getBatchReadyUs() / 1e6, s.getStartUs() / 1e6, s.getEndUs() / 1e6, s.getAvailableUs() / 1e6,
                    s.getTrainSeconds(), s.getSwitchOrSyncSeconds(), s.getTrajectories(), s.getResponseTokens() / 1e6,
                    s.getMeanStaleness());
        }
        System.out.println(r.summaryJson());
    }
}
