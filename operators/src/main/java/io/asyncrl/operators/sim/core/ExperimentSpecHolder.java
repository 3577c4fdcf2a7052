package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.ExperimentSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The spec as Avro bytes (and the Avro helpers other stage state uses) inside stage state, so that state serialisation never has to understand
 * Avro's generated classes; decoded lazily.
 */
public final class ExperimentSpecHolder {
    byte[] avro;
    private transient ExperimentSpec spec;

    public ExperimentSpecHolder() {}

    public ExperimentSpecHolder(ExperimentSpec spec) {
        this.spec = spec;
        this.avro = encode(spec);
    }

    public ExperimentSpec get() {
        if (spec == null) {
            spec = decode(avro, ExperimentSpec.class);
        }
        return spec;
    }

    /** Avro binary of a generated record. */
    public static <T extends SpecificRecord> byte[] encode(T record) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            @SuppressWarnings("unchecked")
            SpecificDatumWriter<T> writer = new SpecificDatumWriter<>((Class<T>) record.getClass());
            writer.write(record, encoder);
            encoder.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
            return new SpecificDatumReader<>(type).read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt " + type.getSimpleName() + " in state", e);
        }
    }
}
