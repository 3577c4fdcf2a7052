package io.asyncrl.operators.stage;

/**
 * The streams between stages, named as their Kafka topics are (connectors' {@code Topic} has the
 * same constant names and adds the schema and encoding). Every record on every channel is keyed by
 * its experiment id.
 */
public enum Channel {
    PROMPTS,
    TRAJECTORIES,
    SCORED,
    POLICY_VERSIONS,
    EVAL_RESULTS,
    METRICS,
    SUMMARIES
}
