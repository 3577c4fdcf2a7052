package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that are not specs at all, or abuse YAML: each refused (or read) at once, in one line, by field. */
class SpecInputLimitsTest {
    private static final String TINY = read("../examples/tiny-async.yaml");

    @TempDir
    Path tmp;

    @Test
    void shouldRefuseAFiftyMegabyteSingleLineValueInUnderFiveSeconds() throws IOException {
        Path big = tmp.resolve("big.yaml");
        byte[] line = new byte[50 * 1024 * 1024];
        java.util.Arrays.fill(line, (byte) 'a');
        System.arraycopy("name: ".getBytes(), 0, line, 0, 6);
        Files.write(big, line);
        long t0 = System.nanoTime();
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(big, "x"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5000, "took " + ms + " ms");
        assertEquals(List.of(new SpecError("file", "too large for a spec (52428800 bytes; at most 262144 characters): "
                + "is this the right file?")), e.errors());
    }

    @Test
    void shouldReadOrRefuseTheLongestAllowedSingleLineValueWithoutHanging() {
        // A hang guard, not a speed figure: before SpecText's limits the YAML scanner took minutes on such a value;
        // it takes well under a second now, and 10 s leaves room for a loaded CI machine.
        // just under the limit: 262144 - 1000 characters of name, the rest of the spec after it
        String name = "n".repeat(SpecText.MAX_CHARS - 1000);
        String spec = TINY.replace("name: tiny-async", "name: " + name);
        long t0 = System.nanoTime();
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.parse(spec, "long.yaml", "x"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 10_000, "took " + ms + " ms");
        // the 261144-character name is echoed cut to 80 characters: 77 + "..." and its length
        String echoed = "n".repeat(77) + "... (261144 characters)";
        assertEquals(List.of(new SpecError("name", "must be at most 128 characters of letters, digits, '.', '_' and '-', "
                + "starting with a letter or digit, got \"" + echoed + "\"")), e.errors());
    }

    @Test
    void shouldRefuseBinaryDataAsNotATextFile() throws IOException {
        Path png = Files.write(tmp.resolve("picture.yaml"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                (byte) 0xff, (byte) 0xfe});
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(png, "x"));
        assertEquals(List.of(new SpecError("file", "not a text file (it is not UTF-8: binary data); give a YAML spec file")),
                e.errors());
    }

    @Test
    void shouldRefuseADirectoryInOneLine() {
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(tmp, "x"));
        assertEquals(List.of(new SpecError("file",
                "is a directory, not a spec file; give a YAML file such as examples/tiny-async.yaml")), e.errors());
    }

    @Test
    void shouldRefuseAnAliasOfAMappingAndDeepNesting() {
        SpecException alias = assertThrows(SpecException.class, () -> SpecLoader.parse(TINY.replace(
                "evaluation: {every_steps: 2, prompts: 8, response_tokens: 300}", "evaluation: &e {every_steps: 2}\nx: [*e, *e]"),
                "a.yaml", "x"));
        assertEquals("x", alias.errors().get(0).field(), alias.getMessage());
        assertTrue(alias.errors().get(0).message().startsWith("YAML alias *e at line 19, column 5"), alias.getMessage());

        String deep = "name: " + "[".repeat(40) + "]".repeat(40) + "\n";
        SpecException nested = assertThrows(SpecException.class, () -> SpecLoader.parse(deep, "d.yaml", "x"));
        assertEquals("yaml", nested.errors().get(0).field());
        assertTrue(nested.errors().get(0).message().startsWith("nesting deeper than 16 levels at line 1"),
                nested.getMessage());
    }

    @Test
    void shouldEchoALongUnknownValueCutTo80Characters() {
        String kind = "k".repeat(100_000);
        SpecException e = assertThrows(SpecException.class,
                () -> SpecLoader.parse(TINY.replace("kind: grpo", "kind: " + kind), "k.yaml", "x"));
        String m = e.errors().get(0).message();
        assertTrue(m.startsWith("unknown value '" + "k".repeat(77) + "... (100000 characters)'"), m);
        assertTrue(m.length() < 300, m);
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
