package io.asyncrl.jobs.calibrate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The step-times file: its columns, verl's and AReaL's metric names, and an error naming the line and column for each problem. */
class MeasuredStepsTest {

    @Test
    void shouldReadStepAndTrainingSecondsAndTheirMeans() {
        MeasuredSteps m = MeasuredSteps.parse(List.of("# my 64-GPU verl run, steps 5-7", "step,step_seconds,training_seconds",
                "5,600,250", "", "6,610,255", "7,620,260"), "steps.csv");
        assertEquals(3, m.rows().size());
        assertEquals(610.0, m.meanStepSeconds(), 1e-9);
        assertEquals(255.0, m.meanTrainingSeconds(), 1e-9);
        assertEquals(5, m.rows().get(1).line(), "line 4 is blank");
        assertTrue(m.hasTraining());
    }

    @Test
    void shouldTakeVerlsTimersAsTheyAreExportedAndIgnoreOtherColumns() {
        // a metrics export: quoted names, verl's timers, other metrics beside them
        assertReads(List.of("timing_s/old_log_prob", "timing_s/update_actor"), 526.0, 202.0,
                "\"_step\",\"timing_s/gen\",\"timing_s/old_log_prob\",\"timing_s/update_actor\",\"timing_s/step\","
                        + "\"critic/score/mean\"",
                "1,300.5,20.0,180.0,520.0,0.31",
                "2,310.5,22.0,182.0,532.0,0.35");
    }

    /** The file's lines read as verl's step timer, these training timers and these means. */
    private static void assertReads(List<String> training, double meanStep, double meanTraining, String... lines) {
        MeasuredSteps m = MeasuredSteps.parse(List.of(lines), "export.csv");
        assertEquals("timing_s/step", m.stepColumn());
        assertEquals(training, m.trainingColumns());
        assertEquals(meanStep, m.meanStepSeconds(), 1e-9);
        assertEquals(meanTraining, m.meanTrainingSeconds(), 1e-9);
    }

    @Test
    void shouldTakeVerlsValidationAndCheckpointTimersOutOfItsStep() {
        // verl times testing and save_checkpoint inside its step timer, on the steps that run them (empty cells elsewhere)
        MeasuredSteps m = MeasuredSteps.parse(List.of(
                "timing_s/step,timing_s/update_actor,timing_s/testing,timing_s/save_checkpoint",
                "500,200,,",
                "590,200,60,30",
                "520,210,,"), "wandb.csv");
        assertEquals(List.of("timing_s/testing", "timing_s/save_checkpoint"), m.excludedColumns());
        assertEquals(List.of(500.0, 500.0, 520.0), m.rows().stream().map(MeasuredSteps.Row::stepSeconds).toList());
        // only verl's step column has them taken out: a step_seconds column is the user's own figure
        MeasuredSteps own = MeasuredSteps.parse(List.of("step_seconds,timing_s/testing", "500,60"), "steps.csv");
        assertEquals(List.of(), own.excludedColumns());
        assertEquals(500.0, own.meanStepSeconds(), 1e-9);
    }

    @Test
    void shouldReadAMetricsPanelExportOfOneRun() {
        // a chart's export: "RUN - metric" with __MIN and __MAX series beside it
        assertReads(List.of("timing_s/update_actor"), 510.0, 205.0,
                "\"Step\",\"grpo-7b - timing_s/step\",\"grpo-7b - timing_s/step__MIN\",\"grpo-7b - timing_s/step__MAX\","
                        + "\"grpo-7b - timing_s/update_actor\"",
                "3,500,500,500,200",
                "4,520,520,520,210");
        assertError("steps.csv line 1: two columns hold timing_s/step (two runs in one export?); export the run you "
                + "measured alone", "Step,a - timing_s/step,b - timing_s/step", "1,500,510");
    }

    @Test
    void shouldSumAReaLsTimersIntoItsStepWithoutSavingAndEvaluation() {
        // AReaL's trainer times each part of a step (timeperf/NAME) and nothing around the whole step; saving, recover
        // checkpoints and evaluation are timed in the same loop and are not part of a simulated step
        MeasuredSteps m = MeasuredSteps.parse(List.of(
                "\"Step\",\"timeperf/rollout\",\"timeperf/recompute_logp\",\"timeperf/compute_advantage\","
                        + "\"timeperf/train_step\",\"timeperf/update_weights\",\"timeperf/save\",\"timeperf/eval\","
                        + "\"grpo_actor/update/lr\"",
                "4,400,30,1,160,9,0,0,1e-6",
                "5,420,32,1,170,7,25,90,1e-6"), "areal.csv");
        // 400 + 30 + 1 + 160 + 9 = 600 and 420 + 32 + 1 + 170 + 7 = 630: save and eval not added
        assertEquals(List.of(600.0, 630.0), m.rows().stream().map(MeasuredSteps.Row::stepSeconds).toList());
        assertEquals("timeperf/rollout + timeperf/recompute_logp + timeperf/compute_advantage + timeperf/train_step + "
                + "timeperf/update_weights", m.stepColumn());
        // training: the log-prob recompute and the update, (30 + 160 + 32 + 170) / 2
        assertEquals(List.of("timeperf/recompute_logp", "timeperf/train_step"), m.trainingColumns());
        assertEquals(196.0, m.meanTrainingSeconds(), 1e-9);
        assertEquals(List.of("timeperf/save", "timeperf/eval"), m.excludedColumns());
        // its rollout timer is the trainer's wait for a batch (an asynchronous run's; a synchronous fit ignores it)
        assertEquals(List.of("timeperf/rollout"), m.waitingColumns());
        assertEquals(410.0, m.meanWaitingSeconds(), 1e-9);
        // the same from a chart's export of one run
        MeasuredSteps chart = MeasuredSteps.parse(List.of("Step,r1 - timeperf/rollout,r1 - timeperf/rollout__MIN,"
                + "r1 - timeperf/train_step", "4,400,400,160"), "areal.csv");
        assertEquals(560.0, chart.meanStepSeconds(), 1e-9);
        assertEquals(160.0, chart.meanTrainingSeconds(), 1e-9);
        // realhf's (the AReaL of the paper's time) end-to-end step timer is a step column, with no training split
        MeasuredSteps realhf = MeasuredSteps.parse(List.of("timeperf/e2e,timeperf/rollout", "590,300"), "realhf.csv");
        assertEquals("timeperf/e2e", realhf.stepColumn());
        assertEquals(590.0, realhf.meanStepSeconds(), 1e-9);
        assertFalse(realhf.hasTraining());
        assertTrue(MeasuredSteps.holdsStepTimes("\"timeperf/rollout\",\"timeperf/train_step\""));
        assertFalse(MeasuredSteps.holdsStepTimes("device,model,tp,metric,value"));
    }

    @Test
    void shouldReadVerlsFullyAsynchronousRowsAsAWeightSyncsUpdates() {
        // verl's fully-asynchronous trainer: each row sums the timers of a weight sync's updates, its wait for samples
        // is its gen timer, and the sync itself is timed outside the step
        MeasuredSteps m = MeasuredSteps.parse(List.of("timing_s/step,timing_s/gen,timing_s/old_log_prob,"
                + "timing_s/update_actor,timing_s/param_sync,fully_async/trainer/idle_ratio",
                "1600,200,100,1200,20,0.125"), "verl.csv");
        assertTrue(m.perWeightSync());
        assertEquals("timing_s/step + timing_s/param_sync", m.stepColumn());
        assertEquals(1620.0, m.meanStepSeconds(), 1e-9);
        assertEquals(1300.0, m.meanTrainingSeconds(), 1e-9);
        assertEquals(List.of("timing_s/gen"), m.waitingColumns());
        assertEquals(200.0, m.meanWaitingSeconds(), 1e-9);
        assertFalse(MeasuredSteps.parse(List.of("timing_s/step", "500"), "verl.csv").perWeightSync());
    }

    @Test
    void shouldFitTheWholeStepWhenNoTrainingColumnIsGiven() {
        MeasuredSteps m = MeasuredSteps.parse(List.of("step_seconds", "100", "200"), "steps.csv");
        assertFalse(m.hasTraining());
        assertFalse(m.hasWaiting());
        assertTrue(Double.isNaN(m.meanWaitingSeconds()));
        assertTrue(Double.isNaN(m.meanTrainingSeconds()));
        assertEquals(150.0, m.meanStepSeconds(), 1e-9);
    }

    @Test
    void shouldNameTheLineAndColumnOfEachProblem() {
        assertError("steps.csv line 3, column step_seconds: must be a positive number of seconds, got 'n/a'",
                "step,step_seconds", "1,600", "2,n/a");
        assertError("steps.csv line 2, column step_seconds: must be a positive number of seconds, got '' (empty): leave "
                + "out the rows of steps that were not measured", "step,step_seconds,training_seconds", "1,,20");
        assertError("steps.csv line 2, column training_seconds: must be a number of seconds, 0 or more, got '-5'",
                "step_seconds,training_seconds", "600,-5");
        assertError("steps.csv line 2, column training_seconds: 700 s of training is more than the step's 600 s "
                + "(step_seconds); training is a part of the step, so the step column is the whole step's time",
                "step_seconds,training_seconds", "600,700");
        assertError("steps.csv line 2, column waiting_seconds: 300 s of waiting and 250 s of training is more than the "
                + "step's 500 s (step_seconds); the wait for a batch is a part of the step",
                "step_seconds,training_seconds,waiting_seconds", "500,250,300");
        assertEquals(List.of(40.0), MeasuredSteps.parse(List.of("step_seconds,training_seconds,waiting_seconds",
                "500,250,40"), "steps.csv").rows().stream().map(MeasuredSteps.Row::waitingSeconds).toList());
        assertError("steps.csv line 3: 3 fields where the header has 2; every row needs a value (or an empty field) for "
                + "each column", "step,step_seconds", "1,600", "2,600,250");
        assertError("steps.csv line 1: no step_seconds column (or verl's timing_s/step, realhf's timeperf/e2e, AReaL's "
                + "timeperf/rollout and timeperf/train_step); the header has step, seconds. Name the column holding each "
                + "step's whole time in seconds step_seconds", "step,seconds", "1,600");
        // AReaL's step is a sum of parts: one of them empty is named, and a step of nothing is refused
        assertError("steps.csv line 3, column timeperf/train_step: must be a number of seconds, 0 or more, got '' (empty): "
                + "leave out the rows of steps that were not measured", "timeperf/rollout,timeperf/train_step", "300,200",
                "310,");
        assertError("steps.csv line 2, column timeperf/rollout + timeperf/train_step: nothing is left of the step; leave "
                + "out the rows of steps that were not measured", "timeperf/rollout,timeperf/train_step", "0,0");
        assertError("steps.csv line 2, column timing_s/step: nothing is left of the step without timing_s/testing; leave "
                + "out the rows of steps that were not measured", "timing_s/step,timing_s/testing", "60,60");
        assertError("steps.csv: the header is there but no step follows; give one row per measured step",
                "# nothing yet", "step,step_seconds");
        assertError("steps.csv: no header line; the first line names the columns, at least step_seconds (the whole step's "
                + "seconds) and optionally training_seconds", "# empty");
    }

    private static void assertError(String expected, String... lines) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeasuredSteps.parse(List.of(lines), "steps.csv"));
        assertEquals(expected, e.getMessage());
    }
}
