package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * The architecture fields were added at the end of ModelSpec with null defaults: a record written
 * with the ModelSpec of before (name, the seven sizes, params_b, active_params_b) still reads.
 */
class ModelSpecSchemaEvolutionTest {

    private static final List<String> BEFORE = List.of("name", "layers", "hidden", "heads", "kv_heads", "head_dim",
            "ffn", "vocab", "params_b", "active_params_b");

    @Test
    void shouldReadAModelSpecWrittenBeforeTheArchitectureFields() throws Exception {
        Schema current = ModelSpec.getClassSchema();
        List<Schema.Field> oldFields = current.getFields().stream().filter(f -> BEFORE.contains(f.name()))
                .map(f -> new Schema.Field(f.name(), f.schema(), f.doc(), f.defaultVal())).toList();
        assertEquals(BEFORE.size(), oldFields.size());
        Schema old = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, oldFields);

        GenericRecord written = new GenericData.Record(old);
        written.put("name", "my-3b");
        written.put("layers", 36);
        written.put("params_b", 3.1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(old).write(written, encoder);
        encoder.flush();

        ModelSpec read = new SpecificDatumReader<ModelSpec>(old, current)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertEquals("my-3b", read.getName());
        assertEquals(36, read.getLayers());
        assertEquals(3.1, read.getParamsB());
        assertNull(read.getExperts());
        assertNull(read.getKvLoraRank());
        assertNull(read.getTiedEmbeddings());
    }

    @Test
    void shouldCarryAConfigJsonModelToTheJobAsItsArchitecture() throws Exception {
        Path config = HfConfigReaderTest.fixtures().resolve("deepseek_v3").resolve("config.json");
        ExperimentSpec spec = SpecLoader.parse(HfConfigReaderTest.SPEC.replace("MODEL", "{hf_config: " + config + "}")
                .replace("{devices: 8, tp: 8}", "{devices: 64, tp: 64}").replace("h800-sxm", "gpu"), "t.yaml", "exp-1", new FakeHardware(1, 1));
        ExperimentSpec roundTrip = ExperimentSpec.fromByteBuffer(spec.toByteBuffer());
        assertEquals(spec.getModel(), roundTrip.getModel());
        assertEquals(256, roundTrip.getModel().getExperts());
        assertEquals(512, roundTrip.getModel().getKvLoraRank());
    }
}
