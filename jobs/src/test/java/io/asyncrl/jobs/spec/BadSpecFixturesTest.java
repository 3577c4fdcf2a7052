package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture in specs/bad/ is a malformed or unrunnable spec. Its header lists the errors it must
 * produce, one per line as {@code # expect: <field.path> | <phrase of the message>}; loading it must
 * fail with exactly those errors (the field path equal, the phrase contained in the message).
 */
class BadSpecFixturesTest {

    record Expected(String field, String phrase) {}

    static Stream<Path> badSpecs() throws IOException, URISyntaxException {
        Path dir = Path.of(BadSpecFixturesTest.class.getResource("/specs/bad").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void shouldRejectBadSpecWithTheExpectedFieldsAndMessages(Path fixture) throws IOException {
        List<Expected> expected = expectations(fixture);
        assertTrue(!expected.isEmpty(), fixture + " lists no '# expect:' lines");

        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(fixture, "exp-bad"));

        List<SpecError> actual = e.errors();
        String report = actual.stream().map(SpecError::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
        for (Expected x : expected) {
            assertTrue(actual.stream().anyMatch(a -> a.field().equals(x.field()) && a.message().contains(x.phrase())),
                    "expected an error at " + x.field() + " containing \"" + x.phrase() + "\"; got:" + report);
        }
        assertEquals(expected.size(), actual.size(), "unexpected extra errors:" + report);
        for (SpecError a : actual) {
            assertTrue(e.getMessage().contains(fixture + ": " + a.field() + ": " + a.message()), e.getMessage());
        }
    }

    @Test
    void shouldHaveAtLeastThirtyBadSpecFixtures() throws Exception {
        assertTrue(badSpecs().count() >= 30);
    }

    private static List<Expected> expectations(Path fixture) throws IOException {
        List<Expected> out = new ArrayList<>();
        for (String line : Files.readAllLines(fixture)) {
            if (line.startsWith("# expect: ")) {
                String body = line.substring("# expect: ".length());
                int bar = body.indexOf(" | ");
                out.add(new Expected(body.substring(0, bar).strip(), body.substring(bar + 3).strip()));
            }
        }
        return out;
    }
}
