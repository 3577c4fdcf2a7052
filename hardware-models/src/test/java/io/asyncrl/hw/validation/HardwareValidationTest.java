package io.asyncrl.hw.validation;

import static org.junit.jupiter.api.Assertions.*;

import io.asyncrl.hw.OptionValues;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardwareValidationTest {
    private static final List<ValidationRow> ROWS = HardwareValidation.rows(OptionValues.defaults());

    @Test
    void shouldPredictEveryMeasuredRow() {
        assertEquals(InferenceBenchmark.cases().size() + TrainingBenchmark.cases().size(), ROWS.size());
        assertEquals(99, InferenceBenchmark.cases().size());
        assertEquals(9, TrainingBenchmark.cases().size());
        String report = HardwareValidation.report();
        for (ValidationRow r : ROWS) {
            assertTrue(r.predicted() > 0, r.id());
            assertTrue(report.contains("| " + r.id() + " | " + (r.calibration() ? "cal" : "held") + " |"), r.id());
        }
    }

    @Test
    void shouldCalibrateOnAtMostHalfOfEachFile() {
        long inferenceCal = ROWS.stream().filter(r -> r.id().startsWith("I") && r.calibration()).count();
        long trainingCal = ROWS.stream().filter(r -> r.id().startsWith("T") && r.calibration()).count();
        assertTrue(inferenceCal <= (99 + 1) / 2, "inference calibration rows " + inferenceCal);
        assertTrue(trainingCal <= (9 + 1) / 2, "training calibration rows " + trainingCal);
    }

    @Test
    void shouldSplitByTheWrittenRuleOnly() {
        // shared rows keep the first fit's split; added rows: odd number = calibration
        assertTrue(HardwareValidation.isCalibrationRow("I17"));
        assertFalse(HardwareValidation.isCalibrationRow("I18"));
        assertTrue(HardwareValidation.isCalibrationRow("I19"));
        assertFalse(HardwareValidation.isCalibrationRow("I20"));
        assertFalse(HardwareValidation.isCalibrationRow("T7"), "T7 was held back at the first fit and stays so");
        assertFalse(HardwareValidation.isCalibrationRow("T8"));
        assertTrue(HardwareValidation.isCalibrationRow("T9"));
    }

    @Test
    void shouldHoldBackAtLeastThirtyRowsOnAtLeastSixDevices() {
        List<ValidationRow> held = ROWS.stream().filter(r -> !r.calibration()).toList();
        assertTrue(held.size() >= 30, "held-back rows " + held.size());
        long devices = held.stream().map(r -> r.description().split(" ")[1]).distinct().count();
        assertTrue(devices >= 6, "devices with held-back rows " + devices);
    }

    @Test
    void shouldKeepTheHeldBackMedianErrorUnderTenPercent() {
        // issue 10's goal; 8.8% over 54 held-back rows with engine profiles (12.2% before them; docs/hardware-models.md)
        double median = HardwareValidation.medianAbsoluteError(ROWS, r -> !r.calibration());
        assertTrue(median < 0.10, "held-back median abs error " + median);
    }

    @Test
    void shouldKeepEverySharedReferenceRowWithinThirtyFivePercent() {
        for (ValidationRow r : ROWS) {
            int number = Integer.parseInt(r.id().substring(1));
            if (number > (r.id().startsWith("I") ? HardwareValidation.SHARED_INFERENCE_ROWS
                    : HardwareValidation.SHARED_TRAINING_ROWS)) {
                continue;
            }
            assertTrue(r.absoluteRelativeError() < 0.35, r.id() + " " + r.description() + " off by " + r.relativeError());
        }
    }

    @Test
    void shouldGiveAReasonForEveryRowOffByMoreThanTheGoal() {
        for (ValidationRow r : ROWS) {
            assertEquals(r.absoluteRelativeError() > HardwareValidation.GOAL, !r.reason().isEmpty(), r.id());
        }
    }

    @Test
    void shouldShowTheCurrentReportInTheDocs() throws java.io.IOException {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "hardware-models.md"));
        assertTrue(docs.contains(DocsUpdater.begin(DocsUpdater.VALIDATION) + HardwareValidation.report()
                        + DocsUpdater.end(DocsUpdater.VALIDATION)),
                "docs/hardware-models.md is stale; run io.asyncrl.hw.validation.DocsUpdater");
    }

    @Test
    void shouldComputeMedianOfEvenAndOddCounts() {
        List<ValidationRow> rows = List.of(
                new ValidationRow("a", true, "", "", 100, 110, ""),
                new ValidationRow("b", true, "", "", 100, 80, ""),
                new ValidationRow("c", false, "", "", 100, 101, ""));
        assertEquals(0.10, HardwareValidation.medianAbsoluteError(rows, r -> true), 1e-12);
        assertEquals(0.15, HardwareValidation.medianAbsoluteError(rows, ValidationRow::calibration), 1e-12);
        assertEquals(0.20, HardwareValidation.maxAbsoluteError(rows, r -> true), 1e-12);
    }
}
