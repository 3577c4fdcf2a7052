package io.asyncrl.operators.flink;

import io.asyncrl.operators.stage.StageState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The explicit serializer of a stage's keyed state: the state writes and reads itself field by field
 * ({@link StageState}), so Flink never falls back to Kryo for it and the job runs with
 * {@code pipeline.generic-types: false} (which makes any Kryo-serialized type fail the job). It follows
 * Flink's guide for custom state serializers: a serializer plus a {@link TypeSerializerSnapshot} that
 * names the state class and the format version and decides compatibility on restore
 * (https://nightlies.apache.org/flink/flink-docs-release-2.2/docs/dev/datastream/fault-tolerance/serialization/custom_serialization/).
 *
 * <p>{@link #FORMAT_VERSION} goes up whenever a state format changes in a way old bytes cannot be read
 * with; a snapshot of another version is then incompatible (restoring it fails instead of misreading).
 */
public final class StageStateSerializer<T extends StageState> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;
    /**
     * The version of the stages' state formats (the {@code *State} classes and {@code writeState}). 4: rollout
     * shards. 5: the envelopes a stage holds before its SPEC are SimEvent bytes, and SimEvent gained its
     * {@code batch} field. 6: a rollout instance's count of round-robin trajectories ({@code assigned}).
     */
    static final int FORMAT_VERSION = 6;

    private final Class<T> type;

    public StageStateSerializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public T createInstance() {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException | NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " needs a public no-argument constructor", e);
        }
    }

    /** A deep copy, through the state format (the heap backend copies state it snapshots asynchronously). */
    @Override
    public T copy(T from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(4096);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    /**
     * The most a single write hands on. A checkpoint writes state to a file stream, which takes a write longer than
     * its buffer straight to {@code FileOutputStream}, whose native code copies a write of more than 8 KB into a
     * buffer malloc'd for it (OpenJDK {@code io_util.c}, {@code BUF_SIZE}): for a state of tens of MB that is fresh
     * memory, page-faulted at every checkpoint (docs/performance.md, "Fourteenth session"). Chunks of 8 KB go
     * through the stream's buffer or the native stack buffer instead; the bytes written are the same.
     */
    static final int WRITE_CHUNK = 8192;

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        DataOutputSerializer body = new DataOutputSerializer(4096);
        record.writeState(body);
        int length = body.length();
        target.writeInt(length);
        byte[] bytes = body.getSharedBuffer();
        for (int off = 0; off < length; off += WRITE_CHUNK) {
            target.write(bytes, off, Math.min(WRITE_CHUNK, length - off));
        }
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] body = new byte[source.readInt()];
        source.readFully(body);
        T t = createInstance();
        t.readState(new DataInputDeserializer(body));
        return t;
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StageStateSerializer<?> s && s.type == type;
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(type, FORMAT_VERSION);
    }

    /** Names the state class and the format version the state was written with. */
    public static final class Snapshot<T extends StageState> implements TypeSerializerSnapshot<T> {
        private Class<T> type;
        private int format;

        /** For Flink, which reads the fields with {@link #readSnapshot}. */
        public Snapshot() {}

        Snapshot(Class<T> type, int format) {
            this.type = type;
            this.format = format;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(type.getName());
            out.writeInt(format);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            String name = in.readUTF();
            try {
                type = (Class<T>) Class.forName(name, false, classLoader);
            } catch (ClassNotFoundException e) {
                throw new IOException("stage state class " + name + " of the snapshot is not on the class path", e);
            }
            format = in.readInt();
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new StageStateSerializer<>(type);
        }

        /** Called on the new serializer's snapshot with the one the state was written with. */
        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            return old instanceof Snapshot<T> o && o.type.getName().equals(type.getName()) && o.format == format
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
