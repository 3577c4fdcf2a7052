package io.asyncrl.hw.validation;

import static io.asyncrl.hw.HardwareModelOptions.TP_COMM_OVERLAP;
import static io.asyncrl.hw.HardwareModelOptions.VIRTUAL_PIPELINE_STAGES;

import io.asyncrl.hw.CsvResource;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.ModelCatalog;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.hw.Precision;
import io.asyncrl.hw.TrainJob;
import io.asyncrl.hw.TrainStepTiming;
import io.asyncrl.hw.TrainingTimeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of training-throughput.csv (pretraining benchmarks, tokens/s per device) and their prediction.
 *
 * <p>The CSV gives neither parallelism nor sequence length, so each row uses the layout of the
 * framework's published recipe for that size as we know it (assumptions, not fits): dense 8B on 8 devices
 * TP1 PP1; 70B on 64 devices TP4 PP4 with 5 virtual stages and TP communication overlapped (the NeMo /
 * Megatron-Bridge 70B performance recipes interleave the pipeline and overlap TP collectives with
 * userbuffers; taken as fully hidden); Qwen3-30B-A3B TP1 PP1 (its expert parallelism is folded into
 * train.moe-efficiency); sequence length 8192 for Llama and 4096 for Qwen3; global batch 128 sequences
 * for Megatron-Bridge/NeMo and one sequence per device for torchtitan. Pretraining steps have no
 * log-prob, reference or critic pass and, in these recipes, no full activation recompute.
 */
public final class TrainingBenchmark {
    static final String RESOURCE = "/io/asyncrl/hw/validation/training-throughput.csv";

    /** One published measurement plus the layout assumed for it. */
    public record Case(int index, String model, String device, int devices, Precision precision,
            double measuredTokensPerSecondPerDevice, String framework, int tp, int pp, int seqLen, long sequences,
            int virtualStages, boolean tpCommOverlap) {

        public String id() {
            return "T" + index;
        }

        public String description() {
            return String.format(Locale.ROOT, "%s %s x%d %s tp=%d pp=%d%s seq=%d %s", model, device, devices,
                    precision.name().toLowerCase(Locale.ROOT), tp, pp, virtualStages > 1 ? " vp=" + virtualStages : "",
                    seqLen, framework.split(" \\(")[0]);
        }
    }

    private TrainingBenchmark() {}

    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int index = 1;
        for (Map<String, String> r : CsvResource.read(RESOURCE).rows()) {
            cases.add(caseOf(index++, r.get("model"), r.get("device"), Integer.parseInt(r.get("devices")),
                    Precision.valueOf(r.get("precision").toUpperCase(Locale.ROOT)),
                    Double.parseDouble(r.get("tokens_per_s_per_device")), r.get("framework")));
        }
        return cases;
    }

    /** A measurement with the recipe layout assumed for it (see the class comment). */
    public static Case caseOf(int index, String model, String device, int devices, Precision precision,
            double measuredTokensPerSecondPerDevice, String framework) {
        boolean big = ModelCatalog.require(model).paramsB() > 60;
        int tp = big ? 4 : 1;
        int pp = big ? 4 : 1;
        int seqLen = model.startsWith("qwen3") ? 4096 : 8192;
        long sequences = framework.startsWith("torchtitan") ? devices : 128;
        return new Case(index, model, device, devices, precision, measuredTokensPerSecondPerDevice, framework, tp, pp,
                seqLen, sequences, big ? 5 : 1, big);
    }

    public static double predictTokensPerSecondPerDevice(Case c, OptionValues options) {
        ModelArch model = ModelCatalog.require(c.model());
        long tokens = c.sequences() * c.seqLen();
        TrainJob job = new TrainJob(c.devices(), c.tp(), c.pp(), tokens, c.sequences(), 1, false, false);
        OptionValues layout = options.with(VIRTUAL_PIPELINE_STAGES, c.virtualStages())
                .with(TP_COMM_OVERLAP, c.tpCommOverlap() ? 1.0 : 0.0);
        TrainStepTiming t = new TrainingTimeModel(layout)
                .trainStep(DeviceCatalog.require(c.device()), model, job, c.precision(), false, false);
        return tokens / t.totalSeconds() / c.devices();
    }
}
