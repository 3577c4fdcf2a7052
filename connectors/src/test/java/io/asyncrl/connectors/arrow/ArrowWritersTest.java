package io.asyncrl.connectors.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.asyncrl.connectors.TestingRecords;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;
import io.asyncrl.schemas.VersionSpan;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrowWritersTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteOneStepPerRowWithOneTypedColumnPerStepReportField() throws Exception {
        List<StepReport> steps = List.of(TestingRecords.step(2), TestingRecords.step(0), TestingRecords.step(1));
        Path file = dir.resolve("run/steps.arrow");
        StepsArrowWriter.write(file, "exp-t", steps);

        ArrowFiles.Table table = ArrowFiles.read(file);
        List<String> avroFields = StepReport.getClassSchema().getFields().stream()
                .map(org.apache.avro.Schema.Field::name).collect(Collectors.toList());
        List<String> expected = new ArrayList<>(avroFields);
        expected.add("experiment_id");
        assertEquals(expected, new ArrayList<>(table.columns().keySet()));
        assertEquals(List.of("exp-t", "exp-t", "exp-t"), table.columns().get("experiment_id"));
        assertEquals(new ArrowType.Int(32, true), type(table, "step"));
        assertEquals(new ArrowType.Int(64, true), type(table, "tokens"));
        assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), type(table, "mean_staleness"));
        assertEquals(3, table.rows());
        for (int row = 0; row < steps.size(); row++) {
            StepReport s = steps.get(row);
            for (int f = 0; f < avroFields.size(); f++) {
                assertEquals(s.get(f), table.get(avroFields.get(f), row), avroFields.get(f) + " of row " + row);
            }
        }
        assertEquals(List.of(2, 0, 1), table.columns().get("step"), "rows stay in the order given");
        assertFalse(Files.exists(dir.resolve("run/steps.arrow.tmp")));
    }

    @Test
    void shouldWriteTrajectoryOutcomesWithNullsWhereNotApplicable() throws Exception {
        List<TrajectoryOutcome> rows = List.of(
                TestingRecords.outcome(12, true, 3, 2, 1.5),
                TestingRecords.outcome(13, false, 4, 9, 7.0),
                TestingRecords.outcome(14, false, -1, 0, 0.0));
        Path file = dir.resolve("trajectories.arrow");
        TrajectoriesArrowWriter.write(file, "exp-t", rows);

        ArrowFiles.Table table = ArrowFiles.read(file);
        assertEquals(List.of("trajectory_id", "prompt_id", "sample_index", "prompt_tokens", "response_tokens",
                "instance", "dispatch_us", "start_us", "end_us", "start_version", "end_version", "interruptions",
                "preemptions", "reward", "scored_us", "outcome", "step", "staleness", "token_weighted_staleness",
                "experiment_id"),
                new ArrayList<>(table.columns().keySet()));
        assertEquals(List.of("trained", "dropped", "pending"), table.columns().get("outcome"));
        assertEquals(Arrays.asList(3, 4, null), table.columns().get("step"));
        assertEquals(Arrays.asList(2, null, null), table.columns().get("staleness"));
        assertEquals(Arrays.asList(1.5, null, null), table.columns().get("token_weighted_staleness"));
        assertEquals(List.of(12L, 13L, 14L), table.columns().get("trajectory_id"));
        assertEquals(3L, table.get("prompt_id", 0));
        assertEquals(0, table.get("sample_index", 0));
        assertEquals(1212, table.get("response_tokens", 0));
        assertEquals(30_000_000_012L, table.get("end_us", 0));
        assertEquals(3, table.get("end_version", 0));
        assertEquals(2, table.get("preemptions", 0));
        assertEquals(0.75, table.get("reward", 0));
        assertEquals(40_000_000_012L, table.get("scored_us", 0));

        assertTrue(field(table, "step").isNullable());
        assertFalse(field(table, "reward").isNullable());
        assertEquals(ArrowType.Utf8.INSTANCE, type(table, "outcome"));
    }

    @Test
    void shouldDescribeEveryColumnWithItsUnitInTheFieldMetadata() throws Exception {
        Path steps = dir.resolve("steps.arrow");
        Path trajectories = dir.resolve("trajectories.arrow");
        StepsArrowWriter.write(steps, "exp-t", List.of(TestingRecords.step(0)));
        TrajectoriesArrowWriter.write(trajectories, "exp-t", List.of(TestingRecords.outcome(1, true, 0, 0, 0.0)));
        for (Path file : List.of(steps, trajectories)) {
            for (Field f : ArrowFiles.read(file).schema().getFields()) {
                String description = f.getMetadata().get(OutputColumns.DESCRIPTION);
                assertTrue(description != null && description.length() > 10, file.getFileName() + " " + f.getName());
                assertTrue(f.getMetadata().containsKey(OutputColumns.UNIT), file.getFileName() + " " + f.getName());
            }
        }
        Field batchReady = ArrowFiles.read(steps).schema().findField("batch_ready_us");
        assertEquals("us", batchReady.getMetadata().get(OutputColumns.UNIT));
        assertEquals("s", ArrowFiles.read(steps).schema().findField("switch_or_sync_seconds").getMetadata().get(OutputColumns.UNIT));
    }

    @Test
    void shouldSplitLargeTablesIntoBatchesKeepingRowOrder() throws Exception {
        int n = ArrowTableWriter.BATCH_ROWS + 10;
        List<TrajectoryOutcome> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(TestingRecords.outcome(i, i % 2 == 0, i % 7, 1, 0.5));
        }
        Path file = dir.resolve("big.arrow");
        TrajectoriesArrowWriter.write(file, "exp-t", rows);

        ArrowFiles.Table table = ArrowFiles.read(file);
        assertEquals(2, table.batches());
        assertEquals(n, table.rows());
        List<Object> ids = table.columns().get("trajectory_id");
        for (int i = 0; i < n; i++) {
            assertEquals((long) i, ids.get(i));
        }
    }

    @Test
    void shouldWriteEveryValueOfEveryRowAcrossBatchesAndTheSameBytesEachTime() throws Exception {
        // the columns of a batch are filled concurrently: each value must still land in its own row, every time
        int n = 2 * ArrowTableWriter.BATCH_ROWS + 17;
        List<TrajectoryOutcome> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(varied(i));
        }
        Path first = dir.resolve("first.arrow");
        Path second = dir.resolve("second.arrow");
        TrajectoriesArrowWriter.write(first, "exp-p", rows);
        TrajectoriesArrowWriter.write(second, "exp-p", rows);
        assertTrue(Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(second)), "the same bytes each time");

        ArrowFiles.Table table = ArrowFiles.read(first);
        assertEquals(3, table.batches());
        List<String> names = new ArrayList<>(table.columns().keySet());
        for (int i = 0; i < n; i++) {
            TrajectoryOutcome o = rows.get(i);
            Trajectory t = o.getScored().getTrajectory();
            List<Object> expected = Arrays.asList(t.getTrajectoryId(), t.getPromptId(), t.getSampleIndex(),
                    t.getPromptTokens(), t.getResponseTokens(), t.getInstance(), t.getDispatchUs(), t.getStartUs(),
                    t.getEndUs(), t.getStartVersion(), t.getEndVersion(), t.getInterruptions(), t.getPreemptions(),
                    o.getScored().getReward(), o.getScored().getScoredUs(), TrajectoriesArrowWriter.outcome(o),
                    o.getStep() < 0 ? null : o.getStep(), o.getTrained() ? o.getStaleness() : null,
                    o.getTrained() ? o.getTokenWeightedStaleness() : null, "exp-p");
            assertEquals(expected.size(), names.size());
            for (int c = 0; c < names.size(); c++) {
                assertEquals(expected.get(c), table.get(names.get(c), i), names.get(c) + " of row " + i);
            }
        }
    }

    /** An outcome whose every column differs from its neighbours'. */
    private static TrajectoryOutcome varied(int i) {
        Trajectory t = Trajectory.newBuilder().setTrajectoryId(7L * i).setPromptId(3L * i + 1).setSampleIndex(i % 16)
                .setPromptTokens(100 + i % 97).setResponseTokens(200 + i % 1009).setInstance(i % 13)
                .setDispatchUs(1_000L * i).setStartUs(1_000L * i + 7).setEndUs(1_000L * i + 500 + i % 31)
                .setStartVersion(i % 9).setEndVersion(i % 9 + i % 2).setInterruptions(i % 3).setPreemptions(i % 5)
                .setSpans(List.of(new VersionSpan(i % 9, 100 + i % 7))).build();
        boolean trained = i % 3 == 0;
        return TrajectoryOutcome.newBuilder()
                .setScored(ScoredTrajectory.newBuilder().setTrajectory(t).setReward((i % 10) / 10.0)
                        .setScoredUs(2_000L * i + 3).build())
                .setTrained(trained).setStep(i % 5 == 4 ? -1 : i % 11).setStaleness(i % 4)
                .setTokenWeightedStaleness(i * 0.25).setAborted(!trained && i % 7 == 0).build();
    }

    @Test
    void shouldReadEachRowOnceWhateverTheColumnCount() throws Exception {
        // a list that builds its rows on read (the CLI's OutcomeColumns view) pays one build per row, not per column
        int n = ArrowTableWriter.BATCH_ROWS + 3;
        int[] reads = new int[n];
        List<TrajectoryOutcome> rows = new java.util.AbstractList<>() {
            @Override
            public TrajectoryOutcome get(int i) {
                reads[i]++;
                return TestingRecords.outcome(i, i % 2 == 0, i % 7, 1, 0.5);
            }

            @Override
            public int size() {
                return n;
            }
        };
        Path file = dir.resolve("once.arrow");
        TrajectoriesArrowWriter.write(file, "exp-o", rows);
        assertEquals(n, ArrowFiles.read(file).rows());
        for (int i = 0; i < n; i++) {
            assertEquals(1, reads[i], "row " + i);
        }
    }

    @Test
    void shouldWriteReadableFileForNoRows() throws Exception {
        Path file = dir.resolve("empty.arrow");
        StepsArrowWriter.write(file, "exp-t", List.of());
        ArrowFiles.Table table = ArrowFiles.read(file);
        assertEquals(0, table.rows());
        assertEquals(StepsArrowWriter.schema(), table.schema());
    }

    @Test
    void shouldReplaceExistingFile() throws Exception {
        Path file = dir.resolve("steps.arrow");
        StepsArrowWriter.write(file, "exp-t", List.of(TestingRecords.step(0), TestingRecords.step(1)));
        StepsArrowWriter.write(file, "exp-t", List.of(TestingRecords.step(5)));
        assertEquals(List.of(5), ArrowFiles.read(file).columns().get("step"));
    }

    @Test
    void shouldRejectNullRows() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> StepsArrowWriter.write(dir.resolve("x.arrow"), "exp-t", null));
        assertEquals("rows must not be null", e.getMessage());
    }

    private static Field field(ArrowFiles.Table table, String name) {
        return table.schema().findField(name);
    }

    private static ArrowType type(ArrowFiles.Table table, String name) {
        return field(table, name).getType();
    }
}
