package io.asyncrl.operators.local;

import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.sim.core.StageOutput;

import io.asyncrl.operators.stage.EvaluationStage;
import io.asyncrl.operators.stage.PromptStage;
import io.asyncrl.operators.stage.RewardStage;
import io.asyncrl.operators.stage.RolloutStage;
import io.asyncrl.operators.stage.SummaryStage;
import io.asyncrl.operators.stage.TrainerStage;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.SimEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The same stages as the Flink job, wired through in-memory queues in one thread. It exists to run
 * the simulation's semantics fast (unit tests over many seeds, and searches that simulate hundreds
 * of configurations); the product's pipeline is the Flink job over Kafka. {@code interleaving}
 * picks which queue is delivered next: any choice must give the same result, and tests use random
 * choices to prove it.
 */
public final class LocalPipeline {
    private final ParamsResolver resolver;
    private final Random interleaving;

    private final ArrayDeque<SimEvent> prompts = new ArrayDeque<>();
    private final ArrayDeque<SimEvent> trajectories = new ArrayDeque<>();
    private final ArrayDeque<SimEvent> scored = new ArrayDeque<>();
    private final ArrayDeque<SimEvent> versionsToRollout = new ArrayDeque<>();
    private final ArrayDeque<SimEvent> versionsToEval = new ArrayDeque<>();
    private final ArrayDeque<SimEvent> metrics = new ArrayDeque<>();
    private final List<SimEvent> metricsLog = new ArrayList<>();
    private final List<SimEvent> evalResults = new ArrayList<>();
    private String summary;
    private long deliveries;
    private long versionWatermarks;

    private Random duplicates;

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

    /** Runs one experiment to its summary and returns the summary JSON. */
    public String run(ExperimentSpec spec) {
        RolloutStage rollout = new RolloutStage();
        RewardStage reward = new RewardStage();
        TrainerStage trainer = new TrainerStage();
        EvaluationStage evaluation = new EvaluationStage();
        SummaryStage summarizer = new SummaryStage();
        PromptStage.emit(spec, resolver.resolve(spec), out(prompts, metrics));
        List<ArrayDeque<SimEvent>> queues = List.of(prompts, versionsToRollout, trajectories, scored,
                versionsToEval, metrics);
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
            switch (q) {
                case 0 -> rollout.onEvent(RolloutStage.PROMPTS, e, resolver, out(trajectories, metrics));
                case 1 -> rollout.onEvent(RolloutStage.VERSIONS, e, resolver, out(trajectories, metrics));
                case 2 -> reward.onEvent(0, e, resolver, out(scored, metrics));
                case 3 -> trainer.onEvent(0, e, resolver, new StageOutput() {
                    @Override
                    public void emit(SimEvent x) {
                        if (x.getKind() == EventKind.WATERMARK) {
                            versionWatermarks++;
                        }
                        versionsToRollout.add(x);
                        versionsToEval.add(x);
                    }

                    @Override
                    public void metric(SimEvent x) {
                        metrics.add(x);
                    }
                });
                case 4 -> evaluation.onEvent(0, e, resolver, new StageOutput() {
                    @Override
                    public void emit(SimEvent x) {
                        if (x.getKind() == EventKind.DATA) {
                            evalResults.add(x);
                        }
                    }

                    @Override
                    public void metric(SimEvent x) {
                        metrics.add(x);
                    }
                });
                default -> {
                    metricsLog.add(e);
                    summarizer.onEvent(e, new StageOutput() {
                        @Override
                        public void emit(SimEvent x) {
                            if (x.getPayload() instanceof RunSummary s) {
                                summary = s.getJson();
                            }
                        }

                        @Override
                        public void metric(SimEvent x) {}
                    });
                }
            }
        }
        return summary;
    }

    private int pick(List<ArrayDeque<SimEvent>> queues) {
        int n = queues.size();
        int start = interleaving == null ? 0 : interleaving.nextInt(n);
        for (int i = 0; i < n; i++) {
            int q = (start + i) % n;
            if (!queues.get(q).isEmpty()) {
                return q;
            }
        }
        return -1;
    }

    private static StageOutput out(ArrayDeque<SimEvent> data, ArrayDeque<SimEvent> metrics) {
        return new StageOutput() {
            @Override
            public void emit(SimEvent e) {
                data.add(e);
            }

            @Override
            public void metric(SimEvent e) {
                metrics.add(e);
            }
        };
    }

    /** Every record that reached the metrics topic, in delivery order. */
    public List<SimEvent> metrics() {
        return metricsLog;
    }

    public List<SimEvent> evalResults() {
        return evalResults;
    }

    /** WATERMARK records the trainer sent on the feedback edge: the round trips the cycle needed. */
    public long versionWatermarks() {
        return versionWatermarks;
    }

    public long deliveries() {
        return deliveries;
    }
}
