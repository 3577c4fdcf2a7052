package io.asyncrl.operators.local;

import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.operators.stage.Batches;
import io.asyncrl.operators.stage.BatchingOutput;
import io.asyncrl.operators.stage.Channel;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.operators.stage.PromptStage;
import io.asyncrl.operators.stage.RolloutStage;
import io.asyncrl.operators.stage.Stage;
import io.asyncrl.operators.stage.StageState;
import io.asyncrl.operators.stage.SummaryStage;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The same stages as the Flink job, wired from the same {@link PipelineGraph} through in-memory
 * queues in one thread. It exists to run the simulation's semantics fast (unit tests over many seeds, and searches that simulate hundreds
 * of configurations); the product's pipeline is the Flink job over Kafka. {@code interleaving}
 * picks which queue is delivered next: any choice must give the same result, and tests use random
 * choices to prove it.
 */
public final class LocalPipeline {
    private final ParamsResolver resolver;
    private final Random interleaving;

    private final List<SimEvent> metricsLog = new ArrayList<>();
    private final Map<Channel, List<SimEvent>> results = new EnumMap<>(Channel.class);
    private String summary;
    private long deliveries;
    private long versionWatermarks;
    private int peakSummaryBacklog;

    private int rolloutShards = 1;
    private Random duplicates;
    private int roundTripEvery;
    private UnaryOperator<StageState> roundTrip;
    private int batchBytes;
    /** Where the trajectory outcomes go instead of {@link #metrics()}; null: into it, with every other metric. */
    private Consumer<TrajectoryOutcome> outcomeSink;

    public LocalPipeline(ParamsResolver resolver, long interleavingSeed) {
        this.resolver = resolver;
        this.interleaving = interleavingSeed < 0 ? null : new Random(interleavingSeed);
    }

    /**
     * Delivers about a third of all records twice, as an at-least-once hop does after a restore: the
     * stages' sequence-number de-duplication must make the result unchanged.
     */
    public LocalPipeline withDuplicates(long seed) {
        this.duplicates = new Random(seed);
        return this;
    }

    /**
     * Every {@code every} deliveries, replaces each stage's state (and the summary's) with
     * {@code roundTrip} of it, as a restore from a checkpoint does: a state format that forgets a field
     * changes the result.
     */
    public LocalPipeline withStateRoundTrip(int every, UnaryOperator<StageState> roundTrip) {
        this.roundTripEvery = every;
        this.roundTrip = roundTrip;
        return this;
    }

    /**
     * Sends what a stage emits for one delivery as {@link BatchingOutput batches} of at most {@code maxBytes},
     * as the Flink job does: the result must not change.
     */
    public LocalPipeline withBatches(int maxBytes) {
        this.batchBytes = maxBytes;
        return this;
    }

    /**
     * Offers the rollout {@code shards} shards, as the Flink job does with several: each gets every
     * prompt and version and simulates its share of the instances ({@link RolloutStage#offerShards}).
     */
    public LocalPipeline withRolloutShards(int shards) {
        this.rolloutShards = shards;
        return this;
    }

    /**
     * Leaves the trajectory outcomes out of {@link #metrics()} (the summary still reads them): a caller that needs
     * only the summary and the step reports does not hold millions of outcomes until the run ends.
     */
    public LocalPipeline withoutOutcomeLog() {
        return withOutcomeSink(o -> { });
    }

    /**
     * Hands each trajectory outcome to {@code sink}, in delivery order, instead of keeping it in {@link #metrics()}
     * (the summary still reads them): for a caller that keeps them in a form of its own.
     */
    public LocalPipeline withOutcomeSink(Consumer<TrajectoryOutcome> sink) {
        this.outcomeSink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** Runs one experiment to its summary and returns the summary JSON. */
    public String run(ExperimentSpec spec) {
        // One queue per stage input, in the graph's order, then the summary's: delivering from them in
        // any order must give the same result.
        List<ArrayDeque<SimEvent>> queues = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        Map<Channel, List<ArrayDeque<SimEvent>>> readers = new EnumMap<>(Channel.class);
        List<PipelineGraph.Node> nodes = PipelineGraph.STAGES;
        // One stage object per node, or per shard of the rollout; targets index this list.
        List<Stage<?>> stages = new ArrayList<>();
        List<PipelineGraph.Node> stageNodes = new ArrayList<>();
        List<Integer> shardOf = new ArrayList<>();
        for (PipelineGraph.Node node : nodes) {
            int shards = node.type() == RolloutStage.class ? rolloutShards : 1;
            for (int k = 0; k < shards; k++) {
                int n = stages.size();
                stages.add(node.factory().get());
                stageNodes.add(node);
                shardOf.add(k);
                for (int i = 0; i < node.inputs().size(); i++) {
                    ArrayDeque<SimEvent> q = new ArrayDeque<>();
                    queues.add(q);
                    targets.add(n);
                    inputs.add(i);
                    readers.computeIfAbsent(node.inputs().get(i), c -> new ArrayList<>()).add(q);
                }
            }
        }
        ArrayDeque<SimEvent> summaryQueue = new ArrayDeque<>();
        queues.add(summaryQueue);
        readers.computeIfAbsent(PipelineGraph.SUMMARY_INPUT, c -> new ArrayList<>()).add(summaryQueue);
        List<StageOutput> outputs = new ArrayList<>();
        for (PipelineGraph.Node node : stageNodes) {
            outputs.add(out(node.output(), readers, feedsBack(node)));
        }
        SummaryStage summarizer = new SummaryStage();
        StageOutput summaryOut = new StageOutput() {
            @Override
            public void emit(SimEvent x) {
                if (x.getPayload() instanceof RunSummary s) {
                    summary = s.getJson();
                }
            }

            @Override
            public void metric(SimEvent x) {}
        };

        deliver(o -> PromptStage.emit(spec, resolver.resolve(spec), o), out(PipelineGraph.SOURCE, readers, false));
        while (summary == null) {
            int q = pick(queues);
            if (q < 0) {
                throw new IllegalStateException("pipeline stalled before the summary: no event in flight");
            }
            SimEvent e = queues.get(q).pollFirst();
            deliveries++;
            if (duplicates != null && duplicates.nextInt(3) == 0) {
                queues.get(q).addFirst(e);
            }
            if (roundTrip != null && deliveries % roundTripEvery == 0) {
                stages.replaceAll(st -> (Stage<?>) roundTrip.apply(st));
                summarizer = (SummaryStage) roundTrip.apply(summarizer);
            }
            if (q < targets.size()) {
                int n = targets.get(q);
                if (stages.get(n) instanceof RolloutStage r) {
                    r.offerShards(shardOf.get(n), rolloutShards);
                }
                Stage<?> stage = stages.get(n);
                deliver(o -> stage.onEvent(inputs.get(q), e, resolver, o), outputs.get(n));
            } else {
                Batches.forEach(e, this::log);
                summarizer.onEvent(e, summaryOut);
            }
        }
        return summary;
    }

    private void log(SimEvent metric) {
        if (outcomeSink != null && metric.getPayload() instanceof TrajectoryOutcome o) {
            outcomeSink.accept(o);
        } else {
            metricsLog.add(metric);
        }
    }

    /** Runs {@code work} on {@code out}, through a batching output flushed at the end when batches are on. */
    private void deliver(java.util.function.Consumer<StageOutput> work, StageOutput out) {
        if (batchBytes <= 0) {
            work.accept(out);
            return;
        }
        BatchingOutput batching = new BatchingOutput(out, batchBytes);
        work.accept(batching);
        batching.flush();
    }

    /** True when {@code node}'s output is read by it or a stage before it: the feedback edge. */
    private static boolean feedsBack(PipelineGraph.Node node) {
        for (PipelineGraph.Node n : PipelineGraph.STAGES) {
            if (n.inputs().contains(node.output())) {
                return true;
            }
            if (n == node) {
                return false;
            }
        }
        return false;
    }

    /**
     * Writes to every reader of {@code channel} (data records on a channel nobody reads are the
     * pipeline's results) and metrics to the summary.
     */
    private StageOutput out(Channel channel, Map<Channel, List<ArrayDeque<SimEvent>>> readers, boolean feedback) {
        List<ArrayDeque<SimEvent>> to = readers.getOrDefault(channel, List.of());
        List<ArrayDeque<SimEvent>> metrics = readers.get(PipelineGraph.SUMMARY_INPUT);
        return new StageOutput() {
            @Override
            public void emit(SimEvent x) {
                if (feedback && x.getKind() == EventKind.WATERMARK) {
                    versionWatermarks++;
                }
                if (to.isEmpty()) {
                    Batches.forEach(x, d -> {
                        if (d.getKind() == EventKind.DATA) {
                            results.computeIfAbsent(channel, c -> new ArrayList<>()).add(d);
                        }
                    });
                }
                for (ArrayDeque<SimEvent> q : to) {
                    q.add(x);
                }
            }

            @Override
            public void metric(SimEvent x) {
                for (ArrayDeque<SimEvent> q : metrics) {
                    q.add(x);
                    peakSummaryBacklog = Math.max(peakSummaryBacklog, q.size());
                }
            }
        };
    }

    private int pick(List<ArrayDeque<SimEvent>> queues) {
        int n = queues.size();
        if (interleaving == null && !queues.get(n - 1).isEmpty()) {
            // The summary's queue (the last) first: the summary only consumes, so draining it as it fills leaves
            // the stages' schedule as it was. Left to the end, it held every metric of the run until the run
            // finished (about 1.4M outcome events, some 400 MB, 7 s into a 250-step run of the AReaL 7B spec).
            return n - 1;
        }
        int start = interleaving == null ? 0 : interleaving.nextInt(n);
        for (int i = 0; i < n; i++) {
            int q = (start + i) % n;
            if (!queues.get(q).isEmpty()) {
                return q;
            }
        }
        return -1;
    }

    /**
     * Every record that reached the metrics topic, in delivery order (without the outcomes after
     * {@link #withoutOutcomeLog} or {@link #withOutcomeSink}).
     */
    public List<SimEvent> metrics() {
        return metricsLog;
    }

    /** The evaluation results (the data records of {@link Channel#EVAL_RESULTS}, which no stage reads). */
    public List<SimEvent> evalResults() {
        return results.getOrDefault(Channel.EVAL_RESULTS, List.of());
    }

    /** WATERMARK records the trainer sent on the feedback edge: the round trips the cycle needed. */
    public long versionWatermarks() {
        return versionWatermarks;
    }

    public long deliveries() {
        return deliveries;
    }

    /** The most records that waited for the summary at once: what the run held for it. */
    public int peakSummaryBacklog() {
        return peakSummaryBacklog;
    }
}
