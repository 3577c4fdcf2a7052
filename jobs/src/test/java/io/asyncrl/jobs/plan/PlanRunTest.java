package io.asyncrl.jobs.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan's values are checked before any search or run starts, with a message naming the flag and the fix. */
class PlanRunTest {
    @TempDir
    Path tmp;

    private String refusal(int devices, int steps, boolean confirm, Path outDir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PlanRun plan = new PlanRun(Path.of("no-such-spec.yaml"), devices, 8, steps, 1, 9, confirm, outDir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plan.run(new PrintStream(out), new PrintStream(new ByteArrayOutputStream())));
        assertEquals("", out.toString(), "nothing planned before the refusal");
        return e.getMessage();
    }

    @Test
    void shouldRefuseOutNamingAFileWithoutConfirmToo() throws Exception {
        Path file = Files.writeString(tmp.resolve("plan.json"), "x");
        String m = refusal(8, 6, false, file);
        assertTrue(m.contains("--out " + file) && m.contains("is a file, not a folder"), m);
    }

    @Test
    void shouldRefuseOutNamingAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("plan.txt"), "x");
        String m = refusal(8, 6, true, file);
        assertTrue(m.contains("--out " + file) && m.contains("is a file, not a folder"), m);
    }

    @Test
    void shouldRefuseTooFewDevicesOrSteps() {
        assertEquals("plan needs --devices N (at least 2)", refusal(1, 6, false, null));
        assertEquals("--steps must be at least 2", refusal(8, 1, false, null));
    }

    @Test
    void shouldNameAMissingSpecFile() {
        assertEquals("spec file not found: no-such-spec.yaml", refusal(8, 6, true, null));
    }
}
