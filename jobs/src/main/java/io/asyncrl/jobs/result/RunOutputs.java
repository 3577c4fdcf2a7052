package io.asyncrl.jobs.result;

import io.asyncrl.connectors.arrow.StepsArrowWriter;
import io.asyncrl.connectors.arrow.TrajectoriesArrowWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a run's files: summary.json, steps.arrow and trajectories.arrow. */
public final class RunOutputs {
    public static final String SUMMARY = "summary.json";
    public static final String STEPS = "steps.arrow";
    public static final String TRAJECTORIES = "trajectories.arrow";

    private RunOutputs() {}

    public static void write(Path dir, RunResult result) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(SUMMARY), result.summaryJson(), StandardCharsets.UTF_8);
        StepsArrowWriter.write(dir.resolve(STEPS), result.steps());
        TrajectoriesArrowWriter.write(dir.resolve(TRAJECTORIES), result.trajectories());
    }
}
