package io.asyncrl.jobs.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.asyncrl.connectors.arrow.StepsArrowWriter;
import io.asyncrl.connectors.arrow.TrajectoriesArrowWriter;
import io.asyncrl.jobs.spec.ResolvedSpecFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a run's files: summary.json, spec.resolved.yaml, steps.arrow and trajectories.arrow. */
public final class RunOutputs {
    public static final String SUMMARY = "summary.json";
    public static final String STEPS = "steps.arrow";
    public static final String TRAJECTORIES = "trajectories.arrow";
    public static final String RESOLVED_SPEC = "spec.resolved.yaml";

    private RunOutputs() {}

    public static void write(Path dir, RunResult result) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(SUMMARY), result.summaryJson(), StandardCharsets.UTF_8);
        String resolved = resolvedSpecYaml(result.summaryJson());
        if (resolved != null) {
            Files.writeString(dir.resolve(RESOLVED_SPEC), resolved, StandardCharsets.UTF_8);
        }
        StepsArrowWriter.write(dir.resolve(STEPS), result.experimentId(), result.steps());
        TrajectoriesArrowWriter.write(dir.resolve(TRAJECTORIES), result.experimentId(), result.trajectories());
    }

    /**
     * The summary's {@code spec} as a spec file (the summary is where both run paths put it; spelled as a spec by
     * {@link ResolvedSpecFile}), or null for a failed experiment's summary, which has none.
     */
    public static String resolvedSpecYaml(String summaryJson) throws IOException {
        JsonNode spec = new ObjectMapper().readTree(summaryJson).get("spec");
        if (spec == null || !spec.isObject()) {
            return null;
        }
        YAMLFactory yaml = YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
        return "# The spec this run used, defaults filled in: asyncrl run reads this file as it is. The derived block is\n"
                + "# what the run worked out from it (output only; checked against the spec when read back).\n"
                + new ObjectMapper(yaml).writeValueAsString(ResolvedSpecFile.of(spec));
    }
}
