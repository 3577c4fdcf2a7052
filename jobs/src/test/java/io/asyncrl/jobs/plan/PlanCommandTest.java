package io.asyncrl.jobs.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan's flags are checked before any search or run starts, with a message naming the flag and the fix. */
class PlanCommandTest {
    @TempDir
    Path tmp;

    private String refusal(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanCommand.plan(
                new ArrayDeque<>(List.of(args)), new PrintStream(out), new PrintStream(new ByteArrayOutputStream())));
        assertEquals("", out.toString(), "nothing planned before the refusal");
        return e.getMessage();
    }

    @Test
    void shouldRefuseOutWithoutConfirm() {
        Path dir = tmp.resolve("plan");
        String m = refusal("no-such-spec.yaml", "--devices", "8", "--out", dir.toString());
        assertTrue(m.contains("--out") && m.contains("add --confirm"), m);
        assertFalse(Files.exists(dir), "nothing written");
    }

    @Test
    void shouldRefuseOutNamingAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("plan.txt"), "x");
        String m = refusal("no-such-spec.yaml", "--devices", "8", "--confirm", "--out", file.toString());
        assertTrue(m.contains("--out " + file) && m.contains("is a file, not a folder"), m);
    }

    @Test
    void shouldNameTheFlagThatLacksItsValue() {
        assertEquals("--out needs a value", refusal("no-such-spec.yaml", "--devices", "8", "--confirm", "--out"));
        assertEquals("--steps needs a value", refusal("no-such-spec.yaml", "--confirm", "--steps"));
    }

    @Test
    void shouldTakeConfirmWithoutAValue() {
        assertEquals("unknown option 'yes'", refusal("no-such-spec.yaml", "--devices", "8", "--confirm", "yes"));
        assertEquals("spec file not found: no-such-spec.yaml", refusal("no-such-spec.yaml", "--confirm", "--devices", "8"));
    }
}
