package io.asyncrl.connectors.avro;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro's binary decoder over one byte array, refusing a corrupt length before anything is allocated
 * for it: a string or bytes length larger than the bytes left, or an array or map block claiming more
 * items than the bytes left could hold, fails at once with an {@link EOFException} that says what was
 * claimed and what was left.
 *
 * <p>Avro 1.12.1's {@link BinaryDecoder} allocates what a length prefix claims before it reads the
 * bytes ({@code readString} sizes the {@link Utf8} from the prefix, {@code readArrayStart}'s count sizes
 * the reader's array), bounded only by the JVM-wide {@code org.apache.avro.limits.*} system properties
 * ({@code SystemLimitException}, read once when that class loads; default {@code Integer.MAX_VALUE - 8}).
 * So a 5-byte record claiming a 1 GiB string would make it allocate 1 GiB. The check here is the one
 * Avro's own {@code BinaryDecoder} gained after 1.12.1 (AVRO-4241, "BinaryDecoder should verify
 * available bytes before reading", in no release yet): one comparison per length prefix, against the
 * bytes left in the array.
 *
 * <p>An item count is bounded by the bytes left only if every array item and map entry of the schema
 * takes at least one byte ({@link #countsBoundedByBytes}); {@link AvroSerde} checks that once per class.
 * Everything else is delegated to the wrapped {@link BinaryDecoder}. One instance per thread.
 */
final class BoundedDecoder extends Decoder {
    private BinaryDecoder in;
    /** The wrapped decoder's byte source: its {@code available()} is exactly the bytes left in the array. */
    private InputStream left;
    private final Utf8 scratch = new Utf8();

    /** Starts decoding {@code bytes}. */
    BoundedDecoder reset(byte[] bytes) {
        in = DecoderFactory.get().binaryDecoder(bytes, in);
        left = in.inputStream();
        return this;
    }

    /** Whether every byte has been read. */
    boolean isEnd() throws IOException {
        return in.isEnd();
    }

    private int length(String what) throws IOException {
        long length = in.readLong();
        int available = left.available();
        if (length < 0 || length > available) {
            throw new EOFException(what + " of " + length + " bytes claimed where " + available + " bytes are left");
        }
        return (int) length;
    }

    private long count(long items, String what) throws IOException {
        int available = left.available();
        if (items > available) {
            throw new EOFException(what + " block of " + items + " items claimed where " + available
                    + " bytes are left (every item takes at least one byte)");
        }
        return items;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("a string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        if (length > 0) {
            in.readFixed(result.getBytes(), 0, length);
        }
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(scratch).toString();
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(length("a string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("a bytes value");
        ByteBuffer result;
        if (old != null && length <= old.capacity()) {
            result = old;
            result.clear();
        } else {
            result = ByteBuffer.allocate(length);
        }
        in.readFixed(result.array(), result.position(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(length("a bytes value"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return count(in.readArrayStart(), "an array");
    }

    @Override
    public long arrayNext() throws IOException {
        return count(in.arrayNext(), "an array");
    }

    @Override
    public long skipArray() throws IOException {
        return count(in.skipArray(), "an array");
    }

    @Override
    public long readMapStart() throws IOException {
        return count(in.readMapStart(), "a map");
    }

    @Override
    public long mapNext() throws IOException {
        return count(in.mapNext(), "a map");
    }

    @Override
    public long skipMap() throws IOException {
        return count(in.skipMap(), "a map");
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }

    /**
     * Whether every array item and map entry in {@code schema} takes at least one byte, so that a block's
     * item count can be bounded by the bytes left. A map entry always does (its key's length); an array of
     * {@code null}, of an empty record or of a zero-size fixed does not, and neither does a recursive
     * record (conservatively).
     */
    static boolean countsBoundedByBytes(Schema schema) {
        return countsBounded(schema, new IdentityHashMap<>());
    }

    private static boolean countsBounded(Schema s, Map<Schema, Boolean> seen) {
        switch (s.getType()) {
            case ARRAY:
                return minBytes(s.getElementType(), new IdentityHashMap<>()) >= 1
                        && countsBounded(s.getElementType(), seen);
            case MAP:
                return countsBounded(s.getValueType(), seen);
            case UNION:
                return s.getTypes().stream().allMatch(t -> countsBounded(t, seen));
            case RECORD:
                if (seen.put(s, Boolean.TRUE) != null) {
                    return true; // already being checked further up
                }
                return s.getFields().stream().allMatch(f -> countsBounded(f.schema(), seen));
            default:
                return true;
        }
    }

    /** The fewest bytes a value of {@code s} can take; 0 for a record met again inside itself. */
    private static int minBytes(Schema s, Map<Schema, Boolean> open) {
        switch (s.getType()) {
            case NULL:
                return 0;
            case FLOAT:
                return 4;
            case DOUBLE:
                return 8;
            case FIXED:
                return s.getFixedSize();
            case RECORD: {
                if (open.put(s, Boolean.TRUE) != null) {
                    return 0;
                }
                int sum = 0;
                for (Schema.Field f : s.getFields()) {
                    sum += minBytes(f.schema(), open);
                }
                open.remove(s);
                return sum;
            }
            default: // boolean, int, long, enum, string, bytes, array and map (their end marker), union (its index)
                return 1;
        }
    }
}
