package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.*;

/**
 * Time of one RL training step on a Megatron-style TP x PP x DP layout.
 *
 * <ul>
 *   <li>policy forward+backward: 6 * N_active FLOPs per token (8 * N_active with full activation
 *       recompute) plus causal attention, at an MFU of the precision's peak, stretched by the pipeline
 *       bubble (pp - 1) / (microbatches * virtual stages);</li>
 *   <li>extra passes: the policy's log-prob recomputation forward (2 * N_active per token), the
 *       reference model forward, and for PPO the critic's value forward plus its own forward+backward;</li>
 *   <li>communication: TP all-reduces of activations (4 per layer per token, 6 with recompute, 2 for each
 *       forward-only pass such as the log-prob forwards; the {@code train.tp-comm-overlap} share hidden), PP
 *       point-to-point activations, and per minibatch a hierarchical gradient all-reduce over DP of which
 *       {@code train.dp-comm-overlap} is hidden behind the backward pass;</li>
 *   <li>optimizer: one memory-bound Adam step per minibatch over the DP-sharded state.</li>
 * </ul>
 * MoE expert all-to-all and grouped-GEMM inefficiency are folded into {@code train.moe-efficiency}. With
 * {@code train.minibatch-by-count} the policy update waits, minibatch by minibatch, for the data-parallel rank
 * holding the most tokens ({@link MinibatchImbalance}); the log-prob forwards run on balanced whole shares. With
 * {@code train.pipeline-partition-by-parameters} every pass runs at the pace of the pipeline stage with the most FLOPs
 * ({@link PipelineStages}).
 */
public final class TrainingTimeModel {
    private final OptionValues options;

    public TrainingTimeModel(OptionValues options) {
        this.options = options;
    }

    /** Step time with the options' recompute and log-prob settings. */
    public TrainStepTiming trainStep(Device device, ModelArch model, TrainJob job, Precision precision) {
        return trainStep(device, model, job, precision,
                options.get(ACTIVATION_RECOMPUTE), options.get(LOGPROB_RECOMPUTE));
    }

    /**
     * Step time with explicit recompute and log-prob-recompute switches (a pretraining benchmark has neither
     * the log-prob pass nor, usually, full recompute).
     */
    public TrainStepTiming trainStep(Device device, ModelArch model, TrainJob job, Precision precision,
            boolean activationRecompute, boolean logprobRecompute) {
        int dp = dataParallel(job.devices(), job.tp(), job.pp());
        if (job.tokens() <= 0) {
            return new TrainStepTiming(0, 0, 0, 0);
        }
        int minibatches = StrictMath.max(1, job.minibatches());
        double seqLen = job.attentionLength();
        double tokens = job.tokens();
        double fwdPerToken = ModelFootprint.forwardFlopsPerToken(model, seqLen);
        double trainPasses = activationRecompute ? 4.0 : 3.0;

        double flopsPerSecond = flopsPerSecond(device, model, job, precision);
        double bubble = 1.0 + (job.pp() - 1.0)
                / (microbatchesPerMinibatch(job, dp, minibatches) * StrictMath.max(1, options.get(VIRTUAL_PIPELINE_STAGES)));

        double imbalance = options.get(MINIBATCH_BY_COUNT) ? MinibatchImbalance.factor(job, dp) : 1.0;
        // the pipeline runs at its slowest stage's pace (PipelineStages): the forwards and backwards all stretch
        bubble *= options.get(PIPELINE_PARTITION_BY_PARAMETERS)
                ? PipelineStages.slowestStageFactor(model, job.pp(), seqLen) : 1.0;
        double compute = trainPasses * fwdPerToken * tokens / flopsPerSecond * bubble * imbalance;

        double logprobForwards = logprobForwards(job, logprobRecompute);
        double extraForwards = logprobForwards + (job.critic() ? 1.0 + trainPasses : 0.0);
        // Forward-only passes (log-probs, the critic's values) pay a forward's TP all-reduces; the critic's own
        // forward+backward is in comm below.
        double forwardOnly = logprobForwards + (job.critic() ? 1.0 : 0.0);
        double tpForward = tensorParallelSeconds(device, model, job, dp, FORWARD_ALL_REDUCES_PER_LAYER);
        double extra = extraForwards * fwdPerToken * tokens / flopsPerSecond * bubble + forwardOnly * tpForward;
        double logprob = logprobForwards * (fwdPerToken * tokens / flopsPerSecond * bubble + tpForward);

        int trainedModels = job.critic() ? 2 : 1;
        double comm = tensorParallelSeconds(device, model, job, dp, activationRecompute
                        ? RECOMPUTE_ALL_REDUCES_PER_LAYER : TRAIN_ALL_REDUCES_PER_LAYER) * trainedModels
                + pipelineSeconds(device, model, job, dp) * trainedModels
                + minibatches * trainedModels * exposedGradientSeconds(device, model, job, dp);
        double optimizer = minibatches * trainedModels * optimizerStepSeconds(device, model, job, dp);
        double scale = options.get(HardwareModelOptions.TRAIN_TIME_SCALE);
        return new TrainStepTiming(scale * compute, scale * extra, scale * comm, scale * optimizer, scale * logprob);
    }

    /**
     * Seconds of the log-prob forward passes (old policy when recomputed, reference when the job has one) over
     * the job's sequences, streamed: a continuous stream of micro-batches keeps a pipeline full, so there is no
     * bubble. What a streaming data plane spends per sample as it arrives.
     */
    public double streamedLogprobSeconds(Device device, ModelArch model, TrainJob job, Precision precision) {
        if (job.tokens() <= 0) {
            return 0.0;
        }
        int dp = dataParallel(job.devices(), job.tp(), job.pp());
        double slowestStage = options.get(PIPELINE_PARTITION_BY_PARAMETERS)
                ? PipelineStages.slowestStageFactor(model, job.pp(), job.attentionLength()) : 1.0;
        return options.get(HardwareModelOptions.TRAIN_TIME_SCALE) * logprobForwards(job, options.get(LOGPROB_RECOMPUTE))
                * (ModelFootprint.forwardFlopsPerToken(model, job.attentionLength()) * job.tokens()
                        / flopsPerSecond(device, model, job, precision) * slowestStage
                        + tensorParallelSeconds(device, model, job, dp, FORWARD_ALL_REDUCES_PER_LAYER));
    }

    /** Forward passes that need no advantages: the old policy's (when recomputed) and the reference's. */
    private double logprobForwards(TrainJob job, boolean logprobRecompute) {
        boolean reference = job.referencePass() && options.get(REFERENCE_LOGPROBS);
        return (logprobRecompute ? 1.0 : 0.0) + (reference ? 1.0 : 0.0);
    }

    /** The job's devices' achieved FLOP/s: peak at the precision times the (MoE-adjusted) MFU. */
    private double flopsPerSecond(Device device, ModelArch model, TrainJob job, Precision precision) {
        double mfu = options.get(TRAIN_MFU) * (model.isMoe() ? options.get(TRAIN_MOE_EFFICIENCY) : 1.0);
        return job.devices() * device.bf16Tflops() * 1e12 * precision.computeSpeedup(options) * mfu;
    }

    static int dataParallel(int devices, int tp, int pp) {
        if (tp < 1 || pp < 1 || devices < 1) {
            throw new IllegalArgumentException(
                    "devices, tp and pp must be >= 1, got devices=" + devices + " tp=" + tp + " pp=" + pp);
        }
        if (devices % (tp * pp) != 0) {
            throw new IllegalArgumentException(
                    "devices=" + devices + " is not a multiple of tp*pp=" + (tp * pp));
        }
        return devices / (tp * pp);
    }

    private double microbatchesPerMinibatch(TrainJob job, int dp, int minibatches) {
        double perRank = (double) job.tokens() / dp / minibatches;
        return StrictMath.max(1.0, perRank / options.get(MICRO_BATCH_TOKENS));
    }

    /**
     * Megatron tensor parallelism without sequence parallelism: a forward pass all-reduces the activations twice per
     * layer (after the attention output projection and after the MLP down projection, the RowParallelLinear
     * layers), the backward pass twice more (the ColumnParallelLinear input gradients), and a recomputed forward
     * twice again.
     */
    static final double FORWARD_ALL_REDUCES_PER_LAYER = 2.0;
    static final double TRAIN_ALL_REDUCES_PER_LAYER = 4.0;
    static final double RECOMPUTE_ALL_REDUCES_PER_LAYER = 6.0;

    /** Exposed seconds of {@code allReducesPerLayer} activation all-reduces per layer over the job's tokens. */
    private double tensorParallelSeconds(Device device, ModelArch model, TrainJob job, int dp, double allReducesPerLayer) {
        if (job.tp() <= 1) {
            return 0.0;
        }
        double tokensPerRank = (double) job.tokens() / dp;
        double layersPerStage = (double) model.layers() / job.pp();
        double bytesPerToken = model.hidden() * 2.0;
        double bw = Collectives.linkBytesPerSecond(device, job.tp(), options);
        double perToken = 2.0 * (job.tp() - 1) / job.tp() * bytesPerToken / bw;
        double microbatches = StrictMath.max(1.0, tokensPerRank / options.get(MICRO_BATCH_TOKENS));
        double latency = options.get(COLLECTIVE_LATENCY_US) / 1e6;
        return (1.0 - options.get(TP_COMM_OVERLAP))
                * allReducesPerLayer * layersPerStage * (tokensPerRank * perToken + microbatches * latency);
    }

    private double pipelineSeconds(Device device, ModelArch model, TrainJob job, int dp) {
        if (job.pp() <= 1) {
            return 0.0;
        }
        // Activations forward and their gradients backward cross each stage boundary once per token.
        double bytes = 2.0 * ((double) job.tokens() / dp) * model.hidden() * 2.0 / job.tp();
        double bw = Collectives.linkBytesPerSecond(device, job.tp() * job.pp(), options);
        return bytes / bw;
    }

    /** Exposed part of one gradient all-reduce (BF16 gradients of this rank's TP x PP shard). */
    double exposedGradientSeconds(Device device, ModelArch model, TrainJob job, int dp) {
        double bytes = model.params() * 2.0 / (job.tp() * job.pp());
        int perNode = StrictMath.max(1, device.devicesPerNode() / (job.tp() * job.pp()));
        double full = Collectives.allReduceSeconds(device, bytes, dp, perNode, options);
        return full * (1.0 - options.get(DP_COMM_OVERLAP));
    }

    private double optimizerStepSeconds(Device device, ModelArch model, TrainJob job, int dp) {
        double paramsPerRank = model.params() / (job.tp() * job.pp() * (double) dp);
        // read+write the Adam state, read the FP32 gradient, write the BF16 weight
        double bytes = paramsPerRank * (2.0 * options.get(OPTIMIZER_BYTES_PER_PARAM)
                + options.get(GRAD_BYTES_PER_PARAM) + 2.0);
        return bytes / (device.hbmGBps() * 1e9 * options.get(HBM_BANDWIDTH_EFFICIENCY));
    }
}
