package io.asyncrl.jobs.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The variant folders of an earlier comparison in a folder that {@code compare --force} or {@code sweep --force}
 * writes again: those the new comparison does not write are removed once it is written, so the folder holds one
 * comparison, its compare.json naming every variant folder there. Only folders the earlier compare.json names go;
 * anything else in the folder is the user's and stays.
 */
final class StaleVariantFolders {
    private StaleVariantFolders() {}

    /** The variant folders the compare.json in {@code dir} names (none when there is none, or it does not parse). */
    static List<String> of(Path dir) {
        Path json = dir.resolve(Comparison.JSON_FILE);
        List<String> folders = new ArrayList<>();
        if (!Files.isRegularFile(json)) {
            return folders;
        }
        try {
            for (JsonNode v : new ObjectMapper().readTree(json.toFile()).path("variants")) {
                String folder = v.path("folder").asText("");
                if (!folder.isEmpty()) {
                    folders.add(folder);
                }
            }
        } catch (IOException unreadable) {
            return List.of(); // not a compare.json this tool wrote: nothing is known to be a variant folder
        }
        return folders;
    }

    /** Removes the folders of {@code earlier} that are not in {@code written}; returns how many went. */
    static int remove(Path dir, List<String> earlier, List<String> written) {
        int removed = 0;
        for (String name : earlier) {
            Path folder = dir.resolve(name).normalize();
            if (written.contains(name) || !dir.normalize().equals(folder.getParent()) || !Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("removing the earlier comparison's variant folder " + folder, e);
            }
            removed++;
        }
        return removed;
    }
}
