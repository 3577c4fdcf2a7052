package io.asyncrl.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.jobs.bench.BenchReport;
import io.asyncrl.jobs.bench.Phase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private static BenchReport report(boolean identical) {
        Phase p = new Phase(1.0, 1.0, 10);
        return new BenchReport("s.yaml", 1, 5, List.of(), p, p, p, identical);
    }

    @Test
    void shouldFailWithExitOneWhenThePipelinesSummariesDiffer() {
        var err = new ByteArrayOutputStream();
        int code = BenchCommand.verdict(report(false), Path.of("/tmp/b"), new PrintStream(err, true));
        assertEquals(Main.FAILED, code);
        assertTrue(err.toString().contains("summary.in-memory.json"), err.toString());
    }

    @Test
    void shouldSucceedWhenTheSummariesAreIdentical() {
        assertEquals(Main.DONE, BenchCommand.verdict(report(true), Path.of("/tmp/b"), new PrintStream(new ByteArrayOutputStream())));
    }
}
