package io.asyncrl.hw;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

    @Test
    void shouldKnowEveryDeviceOfTheReferenceCsv() {
        assertEquals(List.of("a100-80g-sxm", "h100-sxm", "h800-sxm", "h200-sxm", "b200", "mi300x", "ascend-910b",
                "tpu-v5e", "tpu-v5p", "h20", "l20", "l40s", "a800-80g-sxm", "h100-pcie", "gh200"), DeviceCatalog.names());
        Device h800 = DeviceCatalog.find("h800-sxm").orElseThrow();
        assertEquals(new Device("h800-sxm", 989, 80, 3350, 400, 50, 8), h800);
        assertEquals(80d * 1024 * 1024 * 1024, h800.hbmBytes());
        assertEquals(new Device("h20", 148, 96, 4000, 900, 50, 8), DeviceCatalog.find("h20").orElseThrow(),
                "h20 is its own chip, not the h200");
        assertEquals(new Device("l40s", 362.05, 48, 864, 64, 25, 8), DeviceCatalog.find("L40S").orElseThrow());
    }

    @Test
    void shouldPackSixteenAscendNpusPerNodeAndEightOfEverythingElse() {
        for (String name : DeviceCatalog.names()) {
            int expected = name.equals("ascend-910b") ? 16 : 8;
            assertEquals(expected, DeviceCatalog.find(name).orElseThrow().devicesPerNode(), name);
        }
    }

    @Test
    void shouldKnowEveryModelOfTheReferenceCsv() {
        assertTrue(ModelCatalog.names().size() >= 35, ModelCatalog.names().toString());
        ModelArch q7 = ModelCatalog.find("qwen2.5-7b").orElseThrow();
        // 7,615,487,488 parameters derived from the shape, carried as 7.62B
        assertEquals(new ModelArch("qwen2.5-7b", 28, 3584, 28, 4, 128, 18944, 152064, 7.62, 7.62, 0), q7);
        assertFalse(q7.isMoe());
    }

    @Test
    void shouldSeparateActiveFromTotalParametersForMoeModels() {
        ModelArch qwen3 = ModelCatalog.find("qwen3-30b-a3b").orElseThrow();
        assertTrue(qwen3.isMoe());
        assertEquals(30.5e9, qwen3.params());
        assertEquals(3.35e9, qwen3.activeParams());
        ModelArch v3 = ModelCatalog.find("deepseek-v3").orElseThrow();
        assertTrue(v3.isMoe());
        assertEquals(671e9, v3.params());
        assertEquals(37.6e9, v3.activeParams(), 1.0, "37,552,282,624 derived (ArchitectureTest)");
        assertEquals(70_272L, v3.kvBytesPerTokenOverride(), "MLA: (512 + 64) * 61 layers * 2 bytes");
    }

    @Test
    void shouldReturnEmptyForUnknownNamesAndFailRequireWithTheKnownOnes() {
        assertTrue(DeviceCatalog.find("h999").isEmpty());
        assertTrue(ModelCatalog.find(null).isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelCatalog.require("gpt-5"));
        assertTrue(e.getMessage().contains("qwen2.5-7b"), e.getMessage());
    }

    @Test
    void shouldBundleExactCopiesOfTheReferenceData() throws IOException {
        Path shared = Path.of("/work/shared/reference");
        if (!Files.isDirectory(shared)) {
            return; // the bundled copies are what the module uses; the comparison needs the shared checkout
        }
        for (String[] pair : new String[][] {
                {"hardware.csv", "/io/asyncrl/hw/hardware.csv"},
                {"models.csv", "/io/asyncrl/hw/models.csv"},
                {"inference-throughput.csv", "/io/asyncrl/hw/validation/inference-throughput.csv"},
                {"training-throughput.csv", "/io/asyncrl/hw/validation/training-throughput.csv"}}) {
            String reference = Files.readString(shared.resolve(pair[0]));
            try (InputStream in = CatalogTest.class.getResourceAsStream(pair[1])) {
                String bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(bundled.startsWith("# "), pair[1] + " starts with its attribution");
                String copy = bundled.substring(bundled.indexOf('\n') + 1);
                assertTrue(copy.startsWith(reference), pair[1] + " starts with an exact copy of the shared reference");
                assertProjectRowsNameTheirSource(pair[1], copy.substring(reference.length()));
            }
        }
    }

    /**
     * Rows the project added after the shared copy: introduced by a comment line, and each names its source in
     * its last column (the note of hardware.csv, the source of the validation files).
     */
    private static void assertProjectRowsNameTheirSource(String resource, String added) {
        if (added.isEmpty()) {
            return;
        }
        assertTrue(added.startsWith("# "), resource + ": project rows start with a comment saying where they come from");
        for (String line : added.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String last = line.substring(line.lastIndexOf(',') + 1).trim();
            assertTrue(last.length() >= 10, resource + ": a project row without its source: " + line);
        }
    }
}
