package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.ExperimentSpec;
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
        return AvroBytes.encode(record);
    }

    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) {
        return AvroBytes.decode(bytes, type);
    }
}
