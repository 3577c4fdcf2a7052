package io.asyncrl.connectors.avro;

import io.asyncrl.schemas.SimEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain Avro binary encoding of the generated records (no schema id, no header), the same bytes
 * flink-avro's {@code AvroSerializationSchema.forSpecific} writes, so plain clients and Flink jobs
 * read each other's records.
 *
 * <p>Decoding is strict and safe on hostile input, in one pass. It reads through a {@link BoundedDecoder},
 * which refuses a length prefix claiming more than the bytes left (a 1 GiB string, a billion-item
 * array in a 5-byte record) before anything is allocated for it, so a corrupt record fails with a
 * clear reason instead of Avro allocating that much (an OutOfMemoryError would kill the task that
 * merely read a bad record). For a class whose schema has an array of items that can take no bytes
 * at all (none of ours), item counts cannot be bounded that way, and an allocation-free validating pass
 * ({@link GenericDatumReader#skip}) walks the bytes first, as every decode did before
 * (docs/performance.md). Bytes left over after a complete record mean the bytes were not written for
 * this class, and are reported as corrupt.
 */
public final class AvroSerde {

    /**
     * One reader and one writer per record class and thread. A fresh {@link SpecificDatumReader}
     * resolves its schema again on its first read, which the profile showed costing more than the
     * decode itself (docs/performance.md); Avro's readers and writers are reusable but not meant to
     * be shared between threads, hence per thread.
     */
    private static final ClassValue<ThreadLocal<Codec>> CODECS = new ClassValue<>() {
        @Override
        protected ThreadLocal<Codec> computeValue(Class<?> type) {
            return ThreadLocal.withInitial(() -> new Codec(type));
        }
    };

    private AvroSerde() {
    }

    /** A class's schema, reader and writer, and the buffers they reuse; used by one thread. */
    private static final class Codec {
        final Schema schema;
        final SpecificDatumReader<Object> reader;
        final SpecificDatumWriter<Object> writer;
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder;
        /** Whether item counts cannot be bounded by the bytes left, so the validating pass must run first. */
        final boolean validateFirst;
        BinaryDecoder skipDecoder;
        final BoundedDecoder readDecoder = new BoundedDecoder();
        /** Whether the schema's first field is a string ({@link #leadingString} reads it). */
        final boolean leadingString;

        Codec(Class<?> type) {
            SpecificData data = generatedCoders(type);
            schema = data.getSchema(type);
            reader = new SpecificDatumReader<>(schema, schema, data);
            writer = new SpecificDatumWriter<>(schema, data);
            validateFirst = !BoundedDecoder.countsBoundedByBytes(schema);
            leadingString = schema.getType() == Schema.Type.RECORD && !schema.getFields().isEmpty()
                    && schema.getFields().get(0).schema().getType() == Schema.Type.STRING;
        }
    }

    /**
     * The class's own {@link SpecificData} (its {@code MODEL$}, which flink-avro's {@code AvroSerializer}
     * uses for the network hops too) with Avro's generated per-record coders switched on: records whose
     * classes have them ({@code hasCustomCoders()}: Trajectory, ScoredTrajectory, TrajectoryOutcome, ...)
     * are then written and read by generated code instead of field by field through {@code
     * GenericData.getField} with boxing, which the batch-payload profile showed as the largest cost
     * of the sinks (docs/performance.md). The bytes are the same Avro binary encoding.
     */
    public static SpecificData generatedCoders(Class<?> type) {
        SpecificData data = SpecificData.getForClass(type);
        data.setCustomCoders(true);
        return data;
    }

    private static Codec codec(Class<?> type) {
        return CODECS.get(type).get();
    }

    /** Avro binary of {@code record}. */
    public static byte[] serialize(SpecificRecord record) {
        Objects.requireNonNull(record, "record must not be null");
        if (record instanceof SimEvent e) {
            byte[] bytes = fastEncode(e);
            if (bytes != null) {
                return bytes;
            }
        }
        try {
            Codec c = codec(record.getClass());
            c.out.reset();
            // Buffered: the direct encoder wrote each varint byte through the stream's synchronized write(int)
            // (docs/performance.md).
            c.encoder = EncoderFactory.get().binaryEncoder(c.out, c.encoder);
            c.writer.write(record, c.encoder);
            c.encoder.flush();
            return c.out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + record.getClass().getName(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Cannot encode " + record.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes {@code bytes} as {@code type}; throws {@link AvroDecodeException} on corrupt input. */
    public static <T extends SpecificRecord> T deserialize(byte[] bytes, Class<T> type) {
        return deserialize(null, bytes, type);
    }

    /**
     * Decodes {@code bytes} read from {@code topic} (named in the error message; may be null) as
     * {@code type}; throws {@link AvroDecodeException} on corrupt input.
     */
    public static <T extends SpecificRecord> T deserialize(String topic, byte[] bytes, Class<T> type) {
        Objects.requireNonNull(type, "type must not be null");
        if (bytes == null) {
            throw new AvroDecodeException(topic, type, 0, "null value", null);
        }
        if (type == SimEvent.class) {
            SimEvent e = fastDecode(bytes);
            if (e != null) {
                return type.cast(e);
            }
        }
        Codec c = codec(type);
        try {
            if (c.validateFirst) {
                c.skipDecoder = DecoderFactory.get().binaryDecoder(bytes, c.skipDecoder);
                GenericDatumReader.skip(c.schema, c.skipDecoder);
            }
            T value = type.cast(c.reader.read(null, c.readDecoder.reset(bytes)));
            if (!c.readDecoder.isEnd()) {
                throw new AvroDecodeException(topic, type, bytes.length,
                        "bytes left over after a complete record", null);
            }
            return value;
        } catch (AvroDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new AvroDecodeException(topic, type, bytes.length, e.toString(), e);
        }
    }

    /**
     * The first field of a {@code type} record in {@code bytes}, which must be a string, read without decoding the
     * rest: the {@link io.asyncrl.schemas.SimEvent}'s experiment id, by which the pipeline keys a record it has not
     * decoded yet (docs/performance.md, "one decode per record"). It is read as {@link #deserialize} reads it, with
     * the same bound on its length prefix and the same string, and a prefix that does not read fails with the
     * {@link AvroDecodeException} (and reason) that {@link #deserialize} would throw for these bytes: the full
     * decode starts by reading this very field. Bytes after the field are not looked at.
     *
     * @throws IllegalArgumentException if the schema of {@code type} does not start with a string field
     */
    public static String leadingString(String topic, byte[] bytes, Class<? extends SpecificRecord> type) {
        Objects.requireNonNull(type, "type must not be null");
        Codec c = codec(type);
        if (!c.leadingString) {
            throw new IllegalArgumentException(type.getName() + " does not start with a string field");
        }
        if (bytes == null) {
            throw new AvroDecodeException(topic, type, 0, "null value", null);
        }
        try {
            return c.readDecoder.reset(bytes).readString();
        } catch (IOException | RuntimeException e) {
            throw new AvroDecodeException(topic, type, bytes.length, e.toString(), e);
        }
    }

    /**
     * {@link SimEventCodec}'s bytes for {@code e}, or null when Avro writes it: a type the codec leaves to
     * Avro, or a record Avro's writer refuses (a null field), which then fails with Avro's own reason.
     */
    private static byte[] fastEncode(SimEvent e) {
        try {
            return SimEventCodec.encode(e);
        } catch (RuntimeException unsupportedOrInvalid) {
            return null;
        }
    }

    /**
     * {@link SimEventCodec}'s decoding of {@code bytes}, or null when Avro decodes them: a type the codec
     * leaves to Avro, or bytes the codec refuses, which Avro then decodes or reports with its reason.
     */
    private static SimEvent fastDecode(byte[] bytes) {
        try {
            return SimEventCodec.decode(bytes);
        } catch (RuntimeException unsupportedOrCorrupt) {
            return null;
        }
    }
}
