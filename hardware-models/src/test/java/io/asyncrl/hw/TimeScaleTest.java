package io.asyncrl.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code inference.time-scale} and {@code train.time-scale} multiply every rollout and training time and nothing
 * else; at 1 (the default) every figure is the model's exactly.
 */
class TimeScaleTest {
    private static final Device H800 = DeviceCatalog.require("h800-sxm");
    private static final ModelArch QWEN_7B = ModelCatalog.require("qwen2.5-7b");

    private static OptionValues with(String key, String value) {
        return OptionValues.fromCheckedStrings(Map.of(key, value));
    }

    @Test
    void shouldScaleEveryPrefillAndDecodeTimeOfARolloutInstance() {
        HardwareModel plain = HardwareModels.withOptions(OptionValues.defaults());
        HardwareModel slower = HardwareModels.withOptions(with("inference.time-scale", "1.25"));
        EngineConfig engine = new EngineConfig(0.8, false);
        InstanceTiming a = plain.inference(H800, QWEN_7B, 2, engine);
        InstanceTiming b = slower.inference(H800, QWEN_7B, 2, engine);
        assertEquals(a.kvCapacityTokens(), b.kvCapacityTokens(), "memory is not time");
        assertEquals(1.25 * a.decodeStepSeconds(64, 500_000), b.decodeStepSeconds(64, 500_000), 1e-15);
        assertEquals(1.25 * a.decodeStepSeconds(1, 20_000), b.decodeStepSeconds(1, 20_000), 1e-15);
        assertEquals(1.25 * a.decodeSpanSeconds(32, 100_000, 5_000), b.decodeSpanSeconds(32, 100_000, 5_000), 1e-12);
        assertEquals(1.25 * a.prefillSeconds(2048, 1024), b.prefillSeconds(2048, 1024), 1e-15);
        assertEquals(1.25 * a.prefillPassSeconds(40_000, InstanceTiming.causalPairs(200) * 200),
                b.prefillPassSeconds(40_000, InstanceTiming.causalPairs(200) * 200), 1e-15);
        TrainJob job = new TrainJob(8, 1, 1, 4_000_000L, 1000, 4, false, false);
        assertEquals(plain.trainStep(H800, QWEN_7B, job), slower.trainStep(H800, QWEN_7B, job), "training untouched");
        assertEquals(plain.weightSyncSeconds(H800, QWEN_7B, 8, 8, 2), slower.weightSyncSeconds(H800, QWEN_7B, 8, 8, 2));
    }

    @Test
    void shouldScaleEveryPartOfATrainingStepAndTheStreamedLogprobs() {
        HardwareModel plain = HardwareModels.withOptions(OptionValues.defaults());
        HardwareModel slower = HardwareModels.withOptions(with("train.time-scale", "1.25"));
        TrainJob job = new TrainJob(16, 2, 1, 8_000_000L, 2000, 4, false, true);
        TrainStepTiming a = plain.trainStep(H800, QWEN_7B, job);
        TrainStepTiming b = slower.trainStep(H800, QWEN_7B, job);
        assertTrue(a.communicationSeconds() > 0 && a.extraPassesSeconds() > 0, a.toString());
        assertEquals(1.25 * a.computeSeconds(), b.computeSeconds(), 1e-12);
        assertEquals(1.25 * a.extraPassesSeconds(), b.extraPassesSeconds(), 1e-12);
        assertEquals(1.25 * a.communicationSeconds(), b.communicationSeconds(), 1e-12);
        assertEquals(1.25 * a.optimizerSeconds(), b.optimizerSeconds(), 1e-12);
        assertEquals(1.25 * a.totalSeconds(), b.totalSeconds(), 1e-9);
        assertEquals(1.25 * plain.streamedLogprobSeconds(H800, QWEN_7B, job),
                slower.streamedLogprobSeconds(H800, QWEN_7B, job), 1e-12);
        EngineConfig engine = new EngineConfig(0.8, false);
        assertEquals(plain.inference(H800, QWEN_7B, 1, engine).decodeStepSeconds(8, 10_000),
                slower.inference(H800, QWEN_7B, 1, engine).decodeStepSeconds(8, 10_000), "generation untouched");
    }

    @Test
    void shouldRefuseAScaleOutsideItsRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> with("train.time-scale", "0"));
        assertTrue(e.getMessage().contains("train.time-scale must be in [0.1, 10]"), e.getMessage());
    }
}
