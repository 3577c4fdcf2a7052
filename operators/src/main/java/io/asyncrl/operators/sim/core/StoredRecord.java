package io.asyncrl.operators.sim.core;

import org.apache.avro.specific.SpecificRecord;

/**
 * A record held in stage state: Avro bytes in the state format ({@link StateIo}), but kept as the
 * object while the stage runs and encoded only if the state is written. Encoding every held record on
 * arrival and decoding it on use cost a third of the in-memory pipeline's CPU (docs/performance.md).
 * Nothing mutates a record once it is held.
 */
public final class StoredRecord {
    private byte[] avro;
    private transient SpecificRecord record;

    private StoredRecord(byte[] avro, SpecificRecord record) {
        this.avro = avro;
        this.record = record;
    }

    public static StoredRecord of(SpecificRecord record) {
        return new StoredRecord(null, record);
    }

    /** A record restored from state. */
    public static StoredRecord fromBytes(byte[] avro) {
        return new StoredRecord(avro, null);
    }

    /** The record's Avro bytes, encoded on first use. */
    public byte[] bytes() {
        if (avro == null) {
            avro = ExperimentSpecHolder.encode(record);
        }
        return avro;
    }

    public <T extends SpecificRecord> T get(Class<T> type) {
        if (record == null) {
            record = ExperimentSpecHolder.decode(avro, type);
        }
        return type.cast(record);
    }
}
