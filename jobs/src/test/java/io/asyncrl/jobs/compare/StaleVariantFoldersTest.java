package io.asyncrl.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.run.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A comparison written over an earlier one (compare/sweep --force) leaves only its own variant folders. */
class StaleVariantFoldersTest {

    @TempDir
    Path dir;

    /** A sweep of examples/tiny-async.yaml over {@code path}. */
    private static Comparison sweep(String path, String... values) throws Exception {
        Path spec = Examples.file("tiny-async.yaml");
        LinkedHashMap<String, List<String>> axes = new LinkedHashMap<>();
        axes.put(path, List.of(values));
        return Comparison.run(VariantSets.sweep(new SpecVariants(Files.readString(spec), spec.toString()), axes),
                Comparison.Engine.IN_MEMORY, RunOptions.defaults(), ProgressListener.NONE);
    }

    private List<String> folders() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void shouldKeepOnlyTheNewComparisonsVariantFoldersAndTheUsersOwn() throws Exception {
        sweep("cluster.rollout.tp", "1", "2", "4").write(dir, "first");
        List<String> first = new ArrayList<>(folders());
        assertEquals(3, first.size(), first.toString());
        Files.createDirectories(dir.resolve("notes"));
        Files.writeString(dir.resolve("notes/mine.txt"), "kept");

        sweep("async.max_staleness", "1", "2").write(dir, "second");
        List<String> named = new ArrayList<>();
        new ObjectMapper().readTree(dir.resolve(Comparison.JSON_FILE).toFile()).path("variants")
                .forEach(v -> named.add(v.path("folder").asText()));
        List<String> expected = new ArrayList<>(named);
        expected.add("notes");
        expected.sort(null);
        assertEquals(expected, folders(), "the second comparison's folders and the user's own, none of the first's");
        assertTrue(Files.exists(dir.resolve("notes/mine.txt")));
        first.forEach(f -> assertFalse(Files.exists(dir.resolve(f)), f + " is the first comparison's"));

        // written again with one of the same variants: it is rewritten, the other goes
        sweep("async.max_staleness", "2").write(dir, "third");
        assertEquals(List.of(named.get(1), "notes"), folders());
    }
}
