package io.asyncrl.hw;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HardwareModelOptionsTest {

    @Test
    void shouldDocumentEveryOptionWithADefaultAndASource() {
        Set<String> keys = new HashSet<>();
        for (Option<?> o : HardwareModelOptions.all()) {
            assertTrue(keys.add(o.key()), "duplicate " + o.key());
            assertTrue(o.key().matches("[a-z0-9]+\\.[a-z0-9-]+"), o.key());
            assertFalse(o.description().isBlank(), o.key());
            assertFalse(o.source().isBlank(), o.key());
            assertTrue(o.type().isInstance(o.defaultValue()), o.key());
        }
        assertTrue(keys.size() >= 20);
    }

    @Test
    void shouldSayWhichRowsEveryCalibratedDefaultWasFitOn() {
        for (Option<?> o : HardwareModelOptions.all()) {
            if (o.source().startsWith("calibrated")) {
                assertTrue(o.source().matches("calibrated on rows? .*[IT]\\d+.*"), o.key() + ": " + o.source());
            }
        }
    }

    @Test
    void shouldParseOverridesByKeyAndRefuseUnknownKeys() {
        OptionValues values = OptionValues.fromStrings(Map.of(
                "train.mfu", "0.3", "inference.max-num-seqs", "512", "train.activation-recompute", "false"));
        assertEquals(0.3, values.get(HardwareModelOptions.TRAIN_MFU));
        assertEquals(512, values.get(HardwareModelOptions.MAX_NUM_SEQS));
        assertEquals(Boolean.FALSE, values.get(HardwareModelOptions.ACTIVATION_RECOMPUTE));
        assertEquals(HardwareModelOptions.HBM_BANDWIDTH_EFFICIENCY.defaultValue(),
                values.get(HardwareModelOptions.HBM_BANDWIDTH_EFFICIENCY));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptionValues.fromStrings(Map.of("train.mfuu", "0.3")));
        assertTrue(e.getMessage().startsWith("unknown hardware-model option 'train.mfuu'; known: ["), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> OptionValues.fromStrings(Map.of("train.activation-recompute", "yes")));
    }

    @Test
    void shouldLeaveDefaultsUntouchedWhenOverriding() {
        OptionValues changed = OptionValues.defaults().with(HardwareModelOptions.TRAIN_MFU, 0.1);
        assertEquals(0.1, changed.get(HardwareModelOptions.TRAIN_MFU));
        assertEquals(HardwareModelOptions.TRAIN_MFU.defaultValue(), OptionValues.defaults().get(HardwareModelOptions.TRAIN_MFU));
        assertNotEquals(HardwareModels.defaultModel().trainStep(DeviceCatalog.require("h100-sxm"),
                        ModelCatalog.require("qwen2.5-7b"), new TrainJob(8, 1, 1, 1 << 20, 256, 1, false, false)),
                HardwareModels.withOptions(changed).trainStep(DeviceCatalog.require("h100-sxm"),
                        ModelCatalog.require("qwen2.5-7b"), new TrainJob(8, 1, 1, 1 << 20, 256, 1, false, false)));
    }

    @Test
    void shouldKeepTheDocsOptionTableInStepWithTheCode() throws IOException {
        Path docs = Path.of("..", "docs", "hardware-models.md");
        assertTrue(Files.exists(docs), "docs/hardware-models.md exists");
        String text = Files.readString(docs);
        assertTrue(text.contains(HardwareModelOptions.markdownTable()),
                "docs/hardware-models.md must embed HardwareModelOptions.markdownTable() verbatim; regenerate it");
    }
}
