package io.asyncrl.jobs.pipeline;

import io.asyncrl.connectors.avro.AvroDecodeException;
import io.asyncrl.connectors.avro.AvroSerde;
import io.asyncrl.jobs.spec.CostBound;
import io.asyncrl.jobs.spec.CostLimits;
import io.asyncrl.jobs.spec.SpecError;
import io.asyncrl.jobs.spec.SpecValidator;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate in front of the pipeline: decodes each submitted record as an {@link ExperimentSpec}
 * and runs {@link SpecValidator} on it (catalog look-ups and memory fit included). Valid specs go
 * on to the stages; a record that does not decode, whose key is not its spec id, or that fails
 * validation goes to {@link #DEAD_LETTERS} with the reason, and the job keeps running. This is
 * where one researcher's bad submission is kept from failing everyone's experiments. A spec whose
 * {@link CostBound} exceeds the service's {@link CostLimits} (the job parameters named
 * {@code asyncrl.admission.*}, else the defaults) is refused here too: admitted, it would exhaust the
 * heap, fail the job and be replayed from the experiments topic after every restart. Stateless.
 */
public final class AdmitExperiment extends ProcessFunction<Submission, ExperimentSpec> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdmitExperiment.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient CostLimits limits;

    @Override
    public void open(OpenContext openContext) {
        limits = CostLimits.from(getRuntimeContext().getGlobalJobParameters()::get);
    }

    @Override
    public void processElement(Submission in, Context ctx, Collector<ExperimentSpec> out) {
        String reason;
        ExperimentSpec spec = null;
        try {
            spec = AvroSerde.deserialize(in.topic, in.value, ExperimentSpec.class);
            reason = refusal(spec, in.key, limits == null ? CostLimits.DEFAULTS : limits);
        } catch (AvroDecodeException e) {
            reason = "not an ExperimentSpec record: " + e.getMessage();
        } catch (RuntimeException e) {
            reason = "cannot be checked: " + e;
        }
        if (reason == null) {
            out.collect(spec);
            return;
        }
        LOG.warn("Refusing the submission at {} (key={}): {}", in.position(),
                in.key == null ? null : new String(in.key, StandardCharsets.UTF_8), reason);
        ctx.output(DEAD_LETTERS, new DeadLetter(in.key, in.value, in.position(), reason));
    }

    /** Why {@code spec} cannot run, or null when it can. */
    static String refusal(ExperimentSpec spec, byte[] key, CostLimits limits) {
        if (key != null && !new String(key, StandardCharsets.UTF_8).equals(spec.getId())) {
            return "the record key '" + new String(key, StandardCharsets.UTF_8)
                    + "' is not the spec id '" + spec.getId() + "'";
        }
        List<SpecError> errors = new ArrayList<>(SpecValidator.validate(spec));
        if (errors.isEmpty()) {
            errors.addAll(CostBound.check(spec, limits));
        }
        if (errors.isEmpty()) {
            return null;
        }
        return "invalid spec: " + errors.stream().map(SpecError::toString).collect(Collectors.joining("; "));
    }
}
