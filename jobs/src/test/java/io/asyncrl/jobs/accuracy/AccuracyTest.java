package io.asyncrl.jobs.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.hw.validation.HardwareValidation;
import io.asyncrl.hw.validation.ValidationRow;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccuracyTest {

    private static ExperimentSpec example(String device, String hardware) throws Exception {
        Path p = Path.of("..", "examples", "qwen2.5-7b-grpo-async.yaml");
        String text = Files.readString(p, StandardCharsets.UTF_8).replace("device: h800-sxm", "device: " + device) + hardware;
        return SpecLoader.parse(text, p.toString(), "x");
    }

    private static List<ValidationRow> h20(List<ValidationRow> rows) {
        return rows.stream().filter(r -> r.description().contains(" " + Accuracy.BATCH_ONE_DEVICE + " ")).toList();
    }

    @Test
    void shouldRecordTheBatchOneRowsAsValidateHardwareMeasuresThem() {
        List<ValidationRow> rows = h20(HardwareValidation.batchOneRows(OptionValues.defaults()));
        assertEquals(Accuracy.BATCH_ONE_ROWS, rows.size());
        assertEquals(Accuracy.BATCH_ONE_MEDIAN_PERCENT,
                Math.round(100 * HardwareValidation.medianAbsoluteError(rows, r -> true)),
                "validate hardware's batch-1 rows moved: update io.asyncrl.jobs.accuracy.Accuracy");
        assertEquals(Accuracy.BATCH_ONE_MAX_PERCENT, Math.round(100 * HardwareValidation.maxAbsoluteError(rows, r -> true)));
        // every row predicted faster than measured: the note's direction
        assertTrue(rows.stream().allMatch(r -> r.predicted() > r.measured() || r.absoluteRelativeError() < 0.01), "" + rows);
        // the efficiency the note recommends prices them far closer than the default
        List<ValidationRow> priced = h20(HardwareValidation.batchOneRows(OptionValues.defaults()
                .with(HardwareModelOptions.HBM_BANDWIDTH_EFFICIENCY, Accuracy.BATCH_ONE_HBM_EFFICIENCY)));
        assertTrue(HardwareValidation.medianAbsoluteError(priced, r -> true) < 0.05, "" + priced);
    }

    @Test
    void shouldNoteTheSlowSingleAnswerDecodeOnlyOnTheH20WithTheDefaultEfficiency() throws Exception {
        String note = Accuracy.deviceNote(example("h20", ""));
        assertTrue(note.contains("median 36% (max 63%)"), note);
        assertTrue(note.contains("hardware: {inference.hbm-bandwidth-efficiency: 0.40}"), note);
        assertEquals("", Accuracy.deviceNote(example("h800-sxm", "")));
        // the same in plan.json, under accuracy
        com.fasterxml.jackson.databind.node.ObjectNode json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        Accuracy.deviceJson(json, example("h20", ""));
        assertEquals(36, json.path("device_note").path("median_model_above_measured_percent").asInt(), json.toString());
        assertEquals(0.40, json.path("device_note").path("hbm_bandwidth_efficiency_as_measured").asDouble(), 1e-12);
        com.fasterxml.jackson.databind.node.ObjectNode none = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        Accuracy.deviceJson(none, example("h800-sxm", ""));
        assertTrue(none.isEmpty(), none.toString());
        assertEquals("", Accuracy.deviceNote(example("h20", "hardware: {inference.hbm-bandwidth-efficiency: 0.45}\n")));
    }
}
