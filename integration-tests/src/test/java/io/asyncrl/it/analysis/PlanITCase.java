package io.asyncrl.it.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** plan on the tiny spec: a recommendation within the staleness ceiling, a Pareto table, and the count it simulated. */
class PlanITCase {
    @Test
    void shouldRecommendTheFastestConfigurationWithinTheStalenessCeiling() {
        Cli cli = new Cli();
        int code = cli.run("plan", Cli.example("tiny-async.yaml").toString(), "--devices", "8", "--max-staleness", "2",
                "--steps", "4");
        assertEquals(0, code, cli.stderr());
        String out = cli.stdout();
        Matcher rec = Pattern.compile("recommended: rollout (\\d+) \\(tp (\\d+)\\) \\+ train (\\d+) \\(tp (\\d+)\\), eta (\\d+)")
                .matcher(out);
        assertTrue(rec.find(), out);
        assertEquals(8, Integer.parseInt(rec.group(1)) + Integer.parseInt(rec.group(3)), "uses every device");
        assertTrue(Integer.parseInt(rec.group(5)) <= 2, "within the staleness ceiling");
        assertTrue(out.contains("Pareto front"), out);
        Matcher sims = Pattern.compile("simulated (\\d+) of (\\d+) candidates in [0-9.]+ s with the in-memory pipeline")
                .matcher(out);
        assertTrue(sims.find(), out);
        assertTrue(Integer.parseInt(sims.group(1)) > 0 && Integer.parseInt(sims.group(1)) <= Integer.parseInt(sims.group(2)));
    }

    @Test
    void shouldRefusePlanWithoutDevices() {
        Cli cli = new Cli();
        assertEquals(2, cli.run("plan", Cli.example("tiny-async.yaml").toString()));
        assertTrue(cli.stderr().contains("--devices"), cli.stderr());
    }
}
