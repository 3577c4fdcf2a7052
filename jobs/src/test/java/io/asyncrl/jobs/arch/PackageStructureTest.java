package io.asyncrl.jobs.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packages that show the design: no package depends on itself through others (a cycle means two
 * packages are one concept, or one reaches into the other), and no main source file over 400 lines
 * (the house style's size; a larger class is two concepts).
 */
class PackageStructureTest {
    static final int MAX_LINES = 400;

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.asyncrl");

    @Test
    void shouldHaveNoPackageCycles() {
        // One slice per package: io.asyncrl.jobs.cli, io.asyncrl.operators.sim.core, ...
        slices().matching("io.asyncrl.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void shouldKeepEveryMainSourceFileWithinTheLineLimit() throws IOException {
        List<Path> roots = mainSourceRoots();
        assertEquals(4, roots.size(), "the four modules with main sources: " + roots);
        List<String> tooLong = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    long lines = Files.readAllLines(f).size();
                    if (lines > MAX_LINES) {
                        tooLong.add(root.relativize(f) + " (" + lines + " lines)");
                    }
                }
            }
        }
        assertEquals(List.of(), tooLong, "main classes over " + MAX_LINES + " lines: split them by concept");
    }

    /** src/main/java of every module, found from jobs/ (Surefire's working directory) or the project root. */
    static List<Path> mainSourceRoots() throws IOException {
        Path project = Files.isDirectory(Path.of("jobs")) ? Path.of(".") : Path.of("..");
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> modules = Files.list(project)) {
            for (Path m : modules.sorted().toList()) {
                Path src = m.resolve("src/main/java");
                if (Files.isDirectory(src)) {
                    roots.add(src);
                }
            }
        }
        return roots;
    }
}
