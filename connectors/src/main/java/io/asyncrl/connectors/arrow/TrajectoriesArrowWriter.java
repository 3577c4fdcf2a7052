package io.asyncrl.connectors.arrow;

import java.nio.file.Path;
import java.util.List;

import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;

/**
 * {@code trajectories.arrow}: one row per generated trajectory with its timing, versions, reward
 * and fate. {@code outcome} is {@code "trained"}, {@code "dropped"} (rejected by the staleness
 * policy at a step) or {@code "pending"} (not yet consumed by any step, {@code step < 0});
 * {@code step} is null while pending, and both staleness columns are null unless trained.
 */
public final class TrajectoriesArrowWriter {

    public static final String TRAINED = "trained";
    public static final String DROPPED = "dropped";
    public static final String PENDING = "pending";

    private static final ArrowTableWriter<TrajectoryOutcome> WRITER = new ArrowTableWriter<>(OutputColumns.documentTrajectories(List.of(
            ArrowColumn.int64("trajectory_id", o -> t(o).getTrajectoryId()),
            ArrowColumn.int64("prompt_id", o -> t(o).getPromptId()),
            ArrowColumn.int32("sample_index", o -> t(o).getSampleIndex()),
            ArrowColumn.int32("prompt_tokens", o -> t(o).getPromptTokens()),
            ArrowColumn.int32("response_tokens", o -> t(o).getResponseTokens()),
            ArrowColumn.int32("instance", o -> t(o).getInstance()),
            ArrowColumn.int64("dispatch_us", o -> t(o).getDispatchUs()),
            ArrowColumn.int64("start_us", o -> t(o).getStartUs()),
            ArrowColumn.int64("end_us", o -> t(o).getEndUs()),
            ArrowColumn.int32("start_version", o -> t(o).getStartVersion()),
            ArrowColumn.int32("end_version", o -> t(o).getEndVersion()),
            ArrowColumn.int32("interruptions", o -> t(o).getInterruptions()),
            ArrowColumn.int32("preemptions", o -> t(o).getPreemptions()),
            ArrowColumn.float64("reward", o -> o.getScored().getReward()),
            ArrowColumn.int64("scored_us", o -> o.getScored().getScoredUs()),
            ArrowColumn.utf8("outcome", TrajectoriesArrowWriter::outcome),
            ArrowColumn.nullableInt32("step", o -> o.getStep() < 0 ? null : o.getStep()),
            ArrowColumn.nullableInt32("staleness", o -> o.getTrained() ? o.getStaleness() : null),
            ArrowColumn.nullableFloat64("token_weighted_staleness",
                    o -> o.getTrained() ? o.getTokenWeightedStaleness() : null))));

    private TrajectoriesArrowWriter() {
    }

    /** Writes {@code rows} to {@code file} in the given order, replacing any existing file. */
    public static void write(Path file, String experimentId, List<TrajectoryOutcome> rows) {
        WRITER.write(file, experimentId, rows);
    }

    /** The Arrow schema of the file. */
    public static org.apache.arrow.vector.types.pojo.Schema schema() {
        return WRITER.schema();
    }

    /** {@code "trained"}, {@code "dropped"} or {@code "pending"}, as in the {@code outcome} column. */
    public static String outcome(TrajectoryOutcome o) {
        if (o.getTrained()) {
            return TRAINED;
        }
        if (o.getAborted()) {
            return "aborted";
        }
        return o.getStep() >= 0 ? DROPPED : PENDING;
    }

    private static Trajectory t(TrajectoryOutcome o) {
        return o.getScored().getTrajectory();
    }
}
