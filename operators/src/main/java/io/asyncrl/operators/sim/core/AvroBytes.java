package io.asyncrl.operators.sim.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro binary of generated records inside stage state, with one reader and one writer per record
 * class and thread. A fresh {@link SpecificDatumReader} resolves its schema again on its first read;
 * done per buffered record, that resolution cost more than the simulation (docs/performance.md).
 * Avro's readers and writers are reusable but not meant for several threads at once, hence per thread.
 */
final class AvroBytes {
    private static final ClassValue<ThreadLocal<Codec>> CODECS = new ClassValue<>() {
        @Override
        protected ThreadLocal<Codec> computeValue(Class<?> type) {
            return ThreadLocal.withInitial(() -> new Codec(type));
        }
    };

    private AvroBytes() {}

    static byte[] encode(SpecificRecord record) {
        Codec c = CODECS.get(record.getClass()).get();
        try {
            c.out.reset();
            c.encoder = EncoderFactory.get().binaryEncoder(c.out, c.encoder);
            c.writer.write(record, c.encoder);
            c.encoder.flush();
            return c.out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) {
        Codec c = CODECS.get(type).get();
        try {
            c.decoder = DecoderFactory.get().binaryDecoder(bytes, c.decoder);
            return type.cast(c.reader.read(null, c.decoder));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt " + type.getSimpleName() + " in state", e);
        }
    }

    /** A class's reader and writer and the buffers they reuse; used by one thread. */
    private static final class Codec {
        final SpecificDatumReader<Object> reader;
        final SpecificDatumWriter<Object> writer;
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder;
        BinaryDecoder decoder;

        Codec(Class<?> type) {
            // Avro's generated per-record coders, as in the connectors' AvroSerde: same bytes, no boxing.
            SpecificData data = SpecificData.getForClass(type);
            data.setCustomCoders(true);
            var schema = data.getSchema(type);
            reader = new SpecificDatumReader<>(schema, schema, data);
            writer = new SpecificDatumWriter<>(schema, data);
        }
    }
}
