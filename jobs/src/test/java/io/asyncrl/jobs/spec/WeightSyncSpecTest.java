package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.*;

import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.hw.Precision;
import io.asyncrl.hw.SyncMechanism;
import io.asyncrl.hw.WeightSyncModel;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimParams;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The weight-sync mechanism from a spec's hardware: block or framework: setting to the simulation's sync time. */
class WeightSyncSpecTest {
    private static final String BASE = DisaggregatedSpec.yaml("sync", "h800-sxm");

    private static SimParams resolve(String extra) {
        return new CatalogParamsResolver().resolve(SpecLoader.parse(BASE + extra, "test.yaml", "id-1"));
    }

    private static long diskMicros() {
        double s = new WeightSyncModel(OptionValues.defaults()
                .with(io.asyncrl.hw.HardwareModelOptions.SYNC_MECHANISM, SyncMechanism.DISK))
                .weightSyncSeconds(DeviceCatalog.require("h800-sxm"), ModelCatalog.require("qwen2.5-7b"), 8, 8, 1, Precision.BF16);
        return io.asyncrl.operators.sim.core.SimTime.micros(s);
    }

    @Test
    void shouldPriceTheSyncWithTheMechanismTheHardwareBlockNames() {
        ExperimentSpec spec = SpecLoader.parse(BASE + "hardware: {sync.mechanism: disk}\n", "test.yaml", "id-1");
        assertEquals(Map.of("sync.mechanism", "disk"), spec.getHardware().getOptions());
        assertEquals(diskMicros(), resolve("hardware: {sync.mechanism: disk}\n").weightSyncUs);
        assertNotEquals(diskMicros(), resolve("").weightSyncUs);
    }

    @Test
    void shouldPriceTheSyncWithTheFrameworksMechanism() {
        assertEquals(diskMicros(), resolve("framework: areal\n").weightSyncUs);
        assertEquals(resolve("framework: verl\n").weightSyncUs,
                resolve("framework: {name: areal, weight_sync: nccl, sync_bucket_mb: 2048}\n").weightSyncUs);
    }

    @Test
    void shouldNameTheFieldAndTheChoicesForAnUnknownMechanism() {
        SpecException e = assertThrows(SpecException.class,
                () -> SpecLoader.parse(BASE + "hardware: {sync.mechanism: rdma}\n", "test.yaml", "id-1"));
        assertTrue(e.getMessage().contains("hardware.sync.mechanism"), e.getMessage());
        assertTrue(e.getMessage().contains("checkpoint-engine, nccl or disk"), e.getMessage());
        SpecException number = assertThrows(SpecException.class,
                () -> SpecLoader.parse(BASE + "hardware: {sync.mechanism: 3}\n", "test.yaml", "id-1"));
        assertTrue(number.getMessage().contains("must be checkpoint-engine, nccl or disk, got"), number.getMessage());
    }
}
