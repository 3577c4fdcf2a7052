package io.asyncrl.operators.sim.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The building blocks of the simulators' explicit state formats ({@code *State} classes beside each
 * simulator, read and written by the stage state serializer in {@code operators.flink}): length-prefixed
 * arrays and lists, and the two state types of this package, {@link TimedBuffer} and
 * {@link ExperimentSpecHolder}. Every field is written in declaration order; a field added to a
 * simulator must be added to its {@code *State} class too ({@code StageStateSerializerTest} fails
 * otherwise).
 */
public final class StateIo {
    private StateIo() {}

    /** Reads one element of a list. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInput in) throws IOException;
    }

    /** Writes one element of a list. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(T value, DataOutput out) throws IOException;
    }

    public static void writeBytes(byte[] b, DataOutput out) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    public static byte[] readBytes(DataInput in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    /** A nullable long array. */
    public static void writeLongs(long[] a, DataOutput out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (long x : a) {
                out.writeLong(x);
            }
        }
    }

    public static long[] readLongs(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readLong();
        }
        return a;
    }

    public static void writeInts(int[] a, DataOutput out) throws IOException {
        out.writeInt(a.length);
        for (int x : a) {
            out.writeInt(x);
        }
    }

    public static int[] readInts(DataInput in) throws IOException {
        int[] a = new int[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    public static <T> void writeList(Iterable<T> list, int size, Writer<T> element, DataOutput out) throws IOException {
        out.writeInt(size);
        for (T x : list) {
            element.write(x, out);
        }
    }

    public static <T> void writeList(List<T> list, Writer<T> element, DataOutput out) throws IOException {
        writeList(list, list.size(), element, out);
    }

    /** Reads a list written by {@link #writeList} into {@code into} (which keeps its own type). */
    public static <T, C extends java.util.Collection<T>> C readList(C into, Reader<T> element, DataInput in)
            throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            into.add(element.read(in));
        }
        return into;
    }

    public static <T> ArrayList<T> readList(Reader<T> element, DataInput in) throws IOException {
        return readList(new ArrayList<>(), element, in);
    }

    public static void writeSpec(ExperimentSpecHolder h, DataOutput out) throws IOException {
        out.writeBoolean(h != null);
        if (h != null) {
            writeBytes(h.avro, out);
        }
    }

    public static ExperimentSpecHolder readSpec(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        ExperimentSpecHolder h = new ExperimentSpecHolder();
        h.avro = readBytes(in);
        return h;
    }

    public static void writeBuffer(TimedBuffer b, DataOutput out) throws IOException {
        writeList(b.waiting(), (e, o) -> {
            o.writeLong(e.timeUs);
            o.writeLong(e.id);
            writeBytes(e.bytes(), o);
        }, out);
    }

    public static TimedBuffer readBuffer(DataInput in) throws IOException {
        TimedBuffer b = new TimedBuffer();
        readList(b.entries, i -> new TimedBuffer.Entry(i.readLong(), i.readLong(), readBytes(i)), in);
        return b;
    }
}
