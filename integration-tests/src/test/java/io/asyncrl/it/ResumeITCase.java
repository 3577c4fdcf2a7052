package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.spec.ExperimentIds;
import io.asyncrl.jobs.cli.Main;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.local.LocalPipeline;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `asyncrl run SPEC --out DIR` is killed (SIGKILL) in the middle of its training steps; running the
 * same command again resumes from the last completed checkpoint in DIR and writes the summary an
 * uninterrupted run writes.
 */
class ResumeITCase {
    @Test
    void shouldResumeAKilledRunAndEndWithTheUninterruptedResults() throws Exception {
        Path home = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path spec = home.resolve("examples/qwen2.5-1.5b-ppo-async-small.yaml");
        Path out = Files.createTempDirectory(home.resolve("integration-tests/target"), "resume-");
        List<String> args = List.of("run", spec.toString(), "--out", out.toString(), "--checkpoint-seconds", "1");

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-Dasyncrl.home=" + home, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        Process first = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean killed = false;
        try (var lines = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.contains("step 2/")) {
                    first.destroyForcibly();
                    killed = true;
                    break;
                }
            }
        }
        first.waitFor(30, TimeUnit.SECONDS);
        assertTrue(killed, "the first run was killed mid-run");
        assertFalse(Files.exists(out.resolve("summary.json")));

        System.setProperty("asyncrl.home", home.toString());
        var stderr = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(stderr, true));
        assertEquals(0, code, () -> stderr + brokerFiles(out.resolve(".asyncrl/broker")));
        String text = Files.readString(spec);
        var loaded = SpecLoader.parse(text, spec.toString(), "x");
        var expected = new LocalPipeline(new CatalogParamsResolver(), -1).run(
                SpecLoader.parse(text, spec.toString(), ExperimentIds.forSpec(loaded.getName(), text)));
        assertEquals(expected, Files.readString(out.resolve("summary.json")));
        assertFalse(Files.exists(out.resolve(".asyncrl")), "the run's broker and checkpoints are gone");
    }

    /** The broker's pid file and the ends of its logs, for a failure's message. */
    private static String brokerFiles(Path broker) {
        StringBuilder b = new StringBuilder();
        for (String name : List.of("kafka.pid", "logs/kafka.out", "logs/kafka.log")) {
            try {
                List<String> lines = Files.readAllLines(broker.resolve(name));
                b.append("\n--- ").append(name).append(" (last 40 lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            } catch (java.io.IOException e) {
                b.append("\n--- ").append(name).append(": ").append(e);
            }
        }
        return b.toString();
    }
}
