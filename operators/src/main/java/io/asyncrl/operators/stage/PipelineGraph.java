package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.Shard;
import java.util.List;

/**
 * The pipeline, described once: which stage reads which channels (in input order) and writes which
 * one. The Flink job ({@code jobs/.../AsyncRlPipeline}) and the in-memory runner
 * ({@code LocalPipeline}) both build from this list, so a new stage is added here and nowhere else.
 *
 * <pre>
 * experiments -> [prompts] -> PROMPTS -> [rollout] -> TRAJECTORIES -> [reward] -> SCORED -> [trainer] -> POLICY_VERSIONS
 *                                           ^                                                             |
 *                                           +---------------------- POLICY_VERSIONS ----------------------+-> [evaluation] -> EVAL_RESULTS
 * every stage's metrics -> METRICS -> [summary] -> SUMMARIES
 * </pre>
 *
 * The ends are not {@link Stage}s: prompts are generated from the admitted experiment
 * ({@link PromptStage}, writing {@link #SOURCE}), and the summary ({@link SummaryStage}) reads
 * {@link Channel#METRICS}, which every stage writes beside its output, and writes {@link #SINK}.
 */
public final class PipelineGraph {
    /** What the prompt generator writes. */
    public static final Channel SOURCE = Channel.PROMPTS;
    /** What the summary reads. */
    public static final Channel SUMMARY_INPUT = Channel.METRICS;
    /** What the summary writes. */
    public static final Channel SINK = Channel.SUMMARIES;

    /**
     * One stage: its name (the Flink operator's name and uid), the channels it reads (input i of
     * {@link Stage#onEvent} is {@code inputs.get(i)}), the channel it writes, and how to make it.
     */
    public record Node(String name, List<Channel> inputs, Channel output, Class<? extends Stage<?>> type,
            StageFactory<? extends Stage<?>> factory) {

        /**
         * The input a record arrived on, for a runner that merges a stage's inputs into one stream (the
         * Flink job): the channel its producer writes. A one-input stage needs no producer to tell.
         */
        public int inputOf(String producer) {
            if (inputs.size() == 1) {
                return 0;
            }
            int i = inputs.indexOf(writtenBy(producer));
            if (i < 0) {
                throw new IllegalStateException("stage " + name + " reads " + inputs + ", none of them written by '"
                        + producer + "'");
            }
            return i;
        }
    }

    /** The name the prompt generator stamps on its records (its producer name). */
    public static final String SOURCE_PRODUCER = "prompts";

    /** The channel that the producer called {@code producer} (or a shard of it) writes, or null for an unknown producer. */
    public static Channel writtenBy(String producer) {
        String stage = Shard.stageOf(producer);
        if (SOURCE_PRODUCER.equals(stage)) {
            return SOURCE;
        }
        return STAGES.stream().filter(n -> n.name().equals(stage)).map(Node::output).findFirst().orElse(null);
    }

    /** The stages in order from the source: the in-memory runner delivers to them in this order. */
    public static final List<Node> STAGES = List.of(
            new Node("rollout", List.of(Channel.PROMPTS, Channel.POLICY_VERSIONS), Channel.TRAJECTORIES,
                    RolloutStage.class, RolloutStage::new),
            new Node("reward", List.of(Channel.TRAJECTORIES), Channel.SCORED, RewardStage.class, RewardStage::new),
            new Node("trainer", List.of(Channel.SCORED), Channel.POLICY_VERSIONS, TrainerStage.class, TrainerStage::new),
            new Node("evaluation", List.of(Channel.POLICY_VERSIONS), Channel.EVAL_RESULTS, EvaluationStage.class,
                    EvaluationStage::new));

    private PipelineGraph() {}

    /** The stage called {@code name}. */
    public static Node stage(String name) {
        return STAGES.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage '" + name + "'"));
    }
}
