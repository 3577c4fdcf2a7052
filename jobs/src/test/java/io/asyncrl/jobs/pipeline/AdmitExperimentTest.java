package io.asyncrl.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.connectors.avro.AvroSerde;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class AdmitExperimentTest {
    private static final ExperimentSpec SPEC = SpecLoader.load(Path.of("../examples/tiny-async.yaml"), "exp-1");

    private final AdmitExperiment admit = new AdmitExperiment();
    private final List<ExperimentSpec> admitted = new ArrayList<>();
    private final List<DeadLetter> dead = new ArrayList<>();

    @Test
    void shouldAdmitAValidSpecUnchanged() throws Exception {
        process("exp-1", AvroSerde.serialize(SPEC));

        assertEquals(List.of(SPEC), admitted);
        assertEquals(List.of(), dead);
    }

    @Test
    void shouldDeadLetterBytesThatAreNotASpecWithTheOriginalBytes() throws Exception {
        byte[] garbage = {(byte) 0xff, 0x00, 0x13};
        process("exp-2", garbage);

        assertEquals(List.of(), admitted);
        DeadLetter d = dead.get(0);
        assertTrue(d.reason.startsWith("not an ExperimentSpec record: "), d.reason);
        assertArrayEquals(garbage, d.value);
        assertArrayEquals("exp-2".getBytes(StandardCharsets.UTF_8), d.key);
        assertEquals("asyncrl.experiments-1@7", d.source);
    }

    @Test
    void shouldDeadLetterASpecThatFailsValidation() throws Exception {
        ExperimentSpec unknownModel = ExperimentSpec.newBuilder(SPEC)
                .setModel(ModelSpec.newBuilder(SPEC.getModel()).setName("no-such-model").build()).build();
        process("exp-1", AvroSerde.serialize(unknownModel));

        assertEquals(List.of(), admitted);
        assertTrue(dead.get(0).reason.startsWith("invalid spec: model"), dead.get(0).reason);
        assertTrue(dead.get(0).reason.contains("no-such-model"), dead.get(0).reason);
    }

    @Test
    void shouldDeadLetterASpecOverTheCostBoundNamingFieldEstimateAndLimit() throws Exception {
        // passes every field check (SpecValidator), but a billion rollout instances would exhaust the heap
        ExperimentSpec huge = ExperimentSpec.newBuilder(SPEC)
                .setCluster(io.asyncrl.schemas.ClusterSpec.newBuilder(SPEC.getCluster())
                        .setRollout(io.asyncrl.schemas.RoleSpec.newBuilder(SPEC.getCluster().getRollout())
                                .setDevices(1_000_000_000).build()).build()).build();
        process("exp-1", AvroSerde.serialize(huge));

        assertEquals(List.of(), admitted);
        String reason = dead.get(0).reason;
        assertTrue(reason.startsWith("invalid spec: cluster.rollout.devices: 1000000000 devices at tp 1 make 1000000001 "
                + "rollout instances, over the limit of 100000 (asyncrl.admission.max-rollout-instances)"), reason);
    }

    @Test
    void shouldDeadLetterASpecWhoseKeyIsNotItsId() throws Exception {
        process("someone-else", AvroSerde.serialize(SPEC));

        assertEquals(List.of(), admitted);
        assertEquals("the record key 'someone-else' is not the spec id 'exp-1'", dead.get(0).reason);
    }

    private void process(String key, byte[] value) throws Exception {
        ProcessFunction<Submission, ExperimentSpec>.Context ctx = admit.new Context() {
            @Override
            public Long timestamp() {
                return null;
            }

            @Override
            public TimerService timerService() {
                throw new UnsupportedOperationException();
            }

            @Override
            public <X> void output(OutputTag<X> tag, X record) {
                assertEquals(AdmitExperiment.DEAD_LETTERS, tag);
                dead.add((DeadLetter) record);
            }
        };
        admit.processElement(new Submission("asyncrl.experiments", 1, 7, key.getBytes(StandardCharsets.UTF_8), value),
                ctx, new ListCollector<>(admitted));
    }
}
