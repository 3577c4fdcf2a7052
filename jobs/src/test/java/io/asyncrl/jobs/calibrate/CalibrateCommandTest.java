package io.asyncrl.jobs.calibrate;

import static org.junit.jupiter.api.Assertions.*;

import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.hw.Precision;
import io.asyncrl.hw.validation.InferenceBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateCommandTest {
    private static final String HEADER = "model,device,tp,precision,input_tokens,output_tokens,output_tokens_per_s,engine,source\n";

    private static String run(ThrowingRunnable r) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run(PrintStream out) throws Exception;
    }

    @Test
    void shouldValidateAUsersOwnFileWithTheSameTableAndSummary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.csv");
        Files.writeString(file, "# my H100 runs\n" + HEADER
                + "llama-3.1-8b,h100-sxm,1,fp8,128,2048,22714,TensorRT-LLM,my lab\n"
                + "llama-3.1-8b,h100-sxm,1,bf16,1000,1000,9000,vLLM 0.8,my lab\n");
        String out = run(o -> CalibrateCommand.validate(file, o));
        // each row names its engine and release (read from its engine column), whose profile it is predicted with
        assertTrue(out.contains("| I1 | held | llama-3.1-8b h100-sxm tp=1 fp8 128/2048 trtllm-1.0 | 22714 |"), out);
        assertTrue(out.contains("| I2 | held | llama-3.1-8b h100-sxm tp=1 bf16 1000/1000 vllm | 9000 |"), out);
        assertTrue(out.contains("| rows | n | median abs error | max abs error |"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("| held-back | 2 | ")), out);
    }

    @Test
    void shouldNameTheLineAndColumnOfAMalformedRow(@TempDir Path dir) {
        Path file = dir.resolve("bad.csv");
        try {
            Files.writeString(file, HEADER + "llama-3.1-8b,h100-sxm,1,fp8,128,2048,22714,x,y\n"
                    + "\n"
                    + "llama-3.1-8b,h100-sxm,two,fp8,128,2048,22714,x,y\n");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CalibrateCommand.validate(file, new PrintStream(new ByteArrayOutputStream())));
        assertEquals(file + " line 4, column tp: must be a positive integer, got 'two'", e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownDeviceNamingTheColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, HEADER + "llama-3.1-8b,h900,1,fp8,128,2048,22714,x,y\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CalibrateCommand.validate(file, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().startsWith(file + " line 2, column device: unknown device 'h900'"), e.getMessage());
    }

    @Test
    void shouldWriteAHardwareBlockThatRecoversKnownEfficiencies(@TempDir Path dir) throws Exception {
        OptionValues truth = OptionValues.defaults()
                .with(HardwareModelOptions.HBM_BANDWIDTH_EFFICIENCY, 0.55)
                .with(HardwareModelOptions.DECODE_COMPUTE_EFFICIENCY, 0.35)
                .with(HardwareModelOptions.PREFILL_COMPUTE_EFFICIENCY, 0.6)
                .with(HardwareModelOptions.DECODE_STEP_OVERHEAD_MS, 3.0);
        String[] shapes = {"qwen2.5-7b,h100-sxm,1,20000,2,TensorRT-LLM", "qwen2.5-1.5b,h100-sxm,1,128,128,TensorRT-LLM",
                "qwen2.5-1.5b,h200-sxm,1,128,2048,TensorRT-LLM", "llama-3.1-70b,h200-sxm,2,128,2048,vLLM",
                "qwen2.5-1.5b,a100-80g-sxm,1,128,512,vLLM", "llama-3.1-8b,h100-sxm,1,2048,2048,TensorRT-LLM",
                "qwen2.5-14b,a100-80g-sxm,2,5000,500,TensorRT-LLM", "qwen2.5-1.5b,l40s,1,64,256,vLLM"};
        StringBuilder csv = new StringBuilder(HEADER);
        int i = 1;
        for (String s : shapes) {
            String[] f = s.split(",");
            var c = new InferenceBenchmark.Case(i++, f[0], f[1], Integer.parseInt(f[2]), Precision.BF16,
                    Integer.parseInt(f[3]), Integer.parseInt(f[4]), false, 1.0, f[5], "synthetic");
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,bf16,%s,%s,%.6f,%s,generated%n", f[0], f[1], f[2], f[3], f[4],
                    InferenceBenchmark.predictTokensPerSecond(c, truth), f[5]));
        }
        Path file = dir.resolve("synthetic.csv");
        Files.writeString(file, csv.toString());
        Path yaml = dir.resolve("cal.yaml");
        String out = run(o -> CalibrateCommand.calibrate(file, yaml, false, o));
        assertTrue(out.contains("| defaults | 8 |"), out);
        assertTrue(out.contains("| fitted | 8 | 0.0% | 0.0% |"), out);
        String written = Files.readString(yaml);
        assertEquals(0.55, value(written, "inference.hbm-bandwidth-efficiency"), 0.0055);
        assertEquals(0.35, value(written, "inference.decode-compute-efficiency"), 0.0035);
        assertEquals(0.6, value(written, "inference.prefill-compute-efficiency"), 0.006);
        assertEquals(3.0, value(written, "inference.decode-step-overhead-ms"), 0.03);
        assertTrue(written.contains("\nhardware:\n"), written);
    }

    @Test
    void shouldNameTheEngineOfTheRowsInTheWrittenBlock(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v010.csv");
        Files.writeString(file, HEADER + "llama-3.1-8b,h100-sxm,1,bf16,128,128,12086,TensorRT-LLM v0.10,lab\n"
                + "llama-3.1-8b,h100-sxm,1,bf16,2048,128,1605,TensorRT-LLM v0.10,lab\n"
                + "llama-3.1-8b,h100-sxm,1,bf16,128,2048,6208,TensorRT-LLM v0.10,lab\n");
        Path yaml = dir.resolve("cal.yaml");
        run(o -> CalibrateCommand.calibrate(file, yaml, false, o));
        // the rows' engine profile priced the per-layer cost and PCIe efficiency the fit leaves alone: the block keeps it
        assertTrue(Files.readString(yaml).contains("\n  inference.engine: trtllm-0.10\n"), Files.readString(yaml));
        // mixed engines: no engine line (the shared values)
        Files.writeString(file, HEADER + "llama-3.1-8b,h100-sxm,1,bf16,128,128,12086,TensorRT-LLM v0.10,lab\n"
                + "llama-3.1-8b,h100-sxm,1,bf16,128,2048,6208,vLLM,lab\n");
        run(o -> CalibrateCommand.calibrate(file, yaml, true, o));
        assertFalse(Files.readString(yaml).contains("inference.engine"), Files.readString(yaml));
    }

    private static double value(String yaml, String key) {
        return yaml.lines().filter(l -> l.trim().startsWith(key + ":")).map(l -> Double.parseDouble(l.split(":")[1].trim()))
                .findFirst().orElseThrow(() -> new AssertionError(key + " missing in\n" + yaml));
    }
}
