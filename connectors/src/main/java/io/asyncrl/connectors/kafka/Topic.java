package io.asyncrl.connectors.kafka;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.asyncrl.schemas.EvalResult;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.PolicyVersion;
import io.asyncrl.schemas.Prompt;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.ScoredTrajectory;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StageFailure;
import io.asyncrl.schemas.StageReport;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.Trajectory;
import io.asyncrl.schemas.TrajectoryOutcome;

import org.apache.avro.specific.SpecificRecord;

/**
 * Every Kafka topic of the pipeline, with the record it carries. The full name is
 * {@code prefix + baseName}, so several deployments can share one cluster.
 *
 * <p>All topics are keyed by experiment id (UTF-8). {@link #EXPERIMENTS} carries bare
 * {@link ExperimentSpec} records; {@link #DEAD_LETTER} carries the original bytes of records no
 * reader could decode; every other topic carries {@link SimEvent} envelopes whose DATA payload is
 * one of {@link #payloadClasses()}.
 */
public enum Topic {
    EXPERIMENTS("experiments", Encoding.RAW, List.of(ExperimentSpec.class)),
    PROMPTS("prompts", Encoding.ENVELOPED, List.of(Prompt.class)),
    TRAJECTORIES("trajectories", Encoding.ENVELOPED, List.of(Trajectory.class)),
    SCORED("scored", Encoding.ENVELOPED, List.of(ScoredTrajectory.class)),
    POLICY_VERSIONS("policy-versions", Encoding.ENVELOPED, List.of(PolicyVersion.class)),
    EVAL_RESULTS("eval-results", Encoding.ENVELOPED, List.of(EvalResult.class)),
    METRICS("metrics", Encoding.ENVELOPED,
            List.of(StepReport.class, TrajectoryOutcome.class, StageReport.class, StageFailure.class)),
    SUMMARIES("summaries", Encoding.ENVELOPED, List.of(RunSummary.class)),
    DEAD_LETTER("dead-letter", Encoding.BYTES, List.of());

    /** How a topic's record values are encoded. */
    public enum Encoding {
        /** Avro binary of the payload record itself. */
        RAW,
        /** Avro binary of a {@link SimEvent} whose payload is one of the topic's payload classes. */
        ENVELOPED,
        /** Opaque bytes copied from another topic. */
        BYTES
    }

    private static final Pattern LEGAL_PREFIX = Pattern.compile("[a-zA-Z0-9._-]*");

    private final String baseName;
    private final Encoding encoding;
    private final List<Class<? extends SpecificRecord>> payloadClasses;

    Topic(String baseName, Encoding encoding, List<Class<? extends SpecificRecord>> payloadClasses) {
        this.baseName = baseName;
        this.encoding = encoding;
        this.payloadClasses = payloadClasses;
    }

    /** The name without prefix, e.g. {@code "prompts"}. */
    public String baseName() {
        return baseName;
    }

    /** The full topic name, {@code prefix + baseName()}, e.g. {@code "asyncrl.prompts"}. */
    public String name(String prefix) {
        Objects.requireNonNull(prefix, "topic prefix must not be null");
        if (!LEGAL_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "topic prefix may only contain ASCII letters, digits, '.', '_' and '-': '" + prefix + "'");
        }
        return prefix + baseName;
    }

    public Encoding encoding() {
        return encoding;
    }

    /** True when values are {@link SimEvent} envelopes. */
    public boolean isEnveloped() {
        return encoding == Encoding.ENVELOPED;
    }

    /** The Avro class of the whole record value: SimEvent, ExperimentSpec, or null for raw bytes. */
    public Class<? extends SpecificRecord> valueClass() {
        switch (encoding) {
            case ENVELOPED:
                return SimEvent.class;
            case RAW:
                return payloadClasses.get(0);
            default:
                return null;
        }
    }

    /** The records this topic carries (inside the envelope when enveloped); empty for raw bytes. */
    public List<Class<? extends SpecificRecord>> payloadClasses() {
        return payloadClasses;
    }

    /** True when {@code payload} (a SimEvent's payload, or null) is allowed on this topic. */
    public boolean accepts(Object payload) {
        return payload == null || payloadClasses.stream().anyMatch(c -> c.isInstance(payload));
    }
}
