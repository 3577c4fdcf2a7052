package io.asyncrl.jobs.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * A stage gave up on the experiment (an error inside its simulation). The job and every other experiment
 * in it went on; this one's summary names the stage and the error, which this exception carries.
 */
public final class ExperimentFailedException extends RuntimeException {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String experimentId;
    private final String stage;
    /** The results of all the experiments of the same run, null where one failed (empty when not known). */
    private java.util.List<RunResult> results = java.util.List.of();

    public ExperimentFailedException(String experimentId, String stage, String error) {
        super("experiment " + experimentId + " failed in the " + stage + " stage: " + error
                + " (the service and its other experiments carried on; the stage's log has the stack trace)");
        this.experimentId = experimentId;
        this.stage = stage;
    }

    public String experimentId() {
        return experimentId;
    }

    public String stage() {
        return stage;
    }

    /** Every experiment's result in the order they were submitted together, null for those that failed. */
    public java.util.List<RunResult> results() {
        return results;
    }

    public ExperimentFailedException withResults(java.util.List<RunResult> all) {
        this.results = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(all));
        return this;
    }

    /** Throws when {@code summaryJson} is the summary of a failed experiment. */
    static void throwIfFailed(String experimentId, String summaryJson) {
        JsonNode failed;
        try {
            failed = JSON.readTree(summaryJson).path("failed");
        } catch (IOException e) {
            throw new IllegalStateException("experiment " + experimentId + ": summary is not JSON", e);
        }
        if (!failed.isMissingNode()) {
            throw new ExperimentFailedException(experimentId, failed.path("stage").asText(), failed.path("message").asText());
        }
    }
}
