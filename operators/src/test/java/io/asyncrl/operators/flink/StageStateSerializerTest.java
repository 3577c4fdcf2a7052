package io.asyncrl.operators.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.asyncrl.operators.local.LocalPipeline;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.TestingSpecs;
import io.asyncrl.operators.stage.PipelineGraph;
import io.asyncrl.operators.stage.StageState;
import io.asyncrl.operators.stage.SummaryStage;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.asyncrl.operators.sim.core.AgenticTestingSpecs;
import io.asyncrl.schemas.EnvExecution;
import io.asyncrl.schemas.KvRetention;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every stage's state through its explicit serializer, mid-run: the restored state has every field of
 * the original, and a run whose states are all restored every few deliveries ends with the same summary
 * as an uninterrupted one. A field a state format forgets fails both.
 */
class StageStateSerializerTest {
    private final CatalogParamsResolver resolver = new CatalogParamsResolver();

    /** The modes, partial rollout, and the split placement with streamed minibatches. */
    private static List<ExperimentSpec> specs() {
        return List.of(TestingSpecs.tiny(AsyncMode.SYNC, 0, false, 3),
                TestingSpecs.tiny(AsyncMode.ONE_STEP_OFF, 1, false, 4),
                TestingSpecs.tiny(AsyncMode.ASYNC, 2, true, 5),
                TestingSpecs.tinySplit(AsyncMode.ASYNC, 1, true, 6),
                AgenticTestingSpecs.multiTurn(AsyncMode.ASYNC, 2, true, 7, EnvExecution.ASYNC, KvRetention.KEEP),
                AgenticTestingSpecs.multiTurn(AsyncMode.SYNC, 0, false, 8, EnvExecution.TURN_SYNC, KvRetention.DROP),
                AgenticTestingSpecs.dapo(AsyncMode.ONE_STEP_OFF, 1, false, 9),
                withPolicy(TestingSpecs.tiny(AsyncMode.ONE_STEP_OFF, 1, false, 7), io.asyncrl.schemas.PolicySpec.newBuilder()
                        .setOverProvision(0.5).setSurplus(io.asyncrl.schemas.Surplus.CARRY).build()),
                withPolicy(TestingSpecs.tiny(AsyncMode.ASYNC, 2, false, 8), io.asyncrl.schemas.PolicySpec.newBuilder()
                        .setWeightUpdate(io.asyncrl.schemas.WeightUpdate.IN_FLIGHT).setMaxTrajectoryAge(1).build()));
    }

    /** A spec with an async.policy: the rollout's rounds, weight-update counters and the summary's audit are state. */
    private static ExperimentSpec withPolicy(ExperimentSpec s, io.asyncrl.schemas.PolicySpec policy) {
        s.setId(s.getId() + "-policy");
        s.getAsync().setPolicy(policy);
        return s;
    }

    @Test
    void shouldContinueFromRestoredStateToTheUninterruptedSummary() {
        for (ExperimentSpec spec : specs()) {
            String reference = new LocalPipeline(resolver, -1).run(spec);
            List<String> types = new ArrayList<>();
            String restored = new LocalPipeline(resolver, -1).withStateRoundTrip(23, s -> {
                types.add(s.getClass().getSimpleName());
                return roundTrip(s);
            }).run(spec);
            assertEquals(reference, restored, spec.getId());
            for (String stage : List.of("RolloutStage", "RewardStage", "TrainerStage", "EvaluationStage", "SummaryStage")) {
                assertTrue(types.contains(stage), stage + " restored at least once");
            }
        }
    }

    @Test
    void shouldRestoreEveryFieldOfEveryStage() {
        for (ExperimentSpec spec : specs()) {
            for (int shards = 1; shards <= 2; shards++) {
                restoreEveryField(spec, shards);
            }
        }
    }

    /** Every field of every stage (with the rollout split over {@code shards}) survives a round trip. */
    private void restoreEveryField(ExperimentSpec spec, int shards) {
        int[] compared = {0};
        new LocalPipeline(resolver, 7).withRolloutShards(shards).withStateRoundTrip(11, s -> {
            StageState copy = roundTrip(s);
            assertSameFields(s, copy, s.getClass().getSimpleName(), new HashSet<>());
            compared[0]++;
            return copy;
        }).run(spec);
        assertTrue(compared[0] > 5 * PipelineGraph.STAGES.size(), "compared " + compared[0]);
    }

    @Test
    void shouldRefuseStateWrittenInAnotherFormatOrForAnotherStage() {
        TypeSerializerSnapshot<SummaryStage> current = new StageStateSerializer<>(SummaryStage.class).snapshotConfiguration();
        assertTrue(current.resolveSchemaCompatibility(new StageStateSerializer.Snapshot<>(SummaryStage.class,
                StageStateSerializer.FORMAT_VERSION)).isCompatibleAsIs());
        TypeSerializerSchemaCompatibility<SummaryStage> older = current.resolveSchemaCompatibility(
                new StageStateSerializer.Snapshot<>(SummaryStage.class, StageStateSerializer.FORMAT_VERSION - 1));
        assertTrue(older.isIncompatible());
    }

    @Test
    void shouldRestoreTheSerializerFromItsSnapshot() throws IOException {
        var serializer = new StageStateSerializer<>(SummaryStage.class);
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<SummaryStage> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertEquals(serializer, read.restoreSerializer());
    }

    /** A state of {@code size} pseudo-random bytes, standing in for a large summary. */
    public static final class Blob implements StageState {
        byte[] bytes = new byte[0];

        @Override
        public void writeState(java.io.DataOutput out) throws IOException {
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        @Override
        public void readState(java.io.DataInput in) throws IOException {
            bytes = new byte[in.readInt()];
            in.readFully(bytes);
        }
    }

    @Test
    void shouldWriteALargeStateInChunksOfTheSameBytes() throws IOException {
        Blob blob = new Blob();
        blob.bytes = new byte[3 * StageStateSerializer.WRITE_CHUNK + 123];
        new java.util.Random(5).nextBytes(blob.bytes);
        int[] longest = {0};
        DataOutputSerializer out = new DataOutputSerializer(64) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                longest[0] = Math.max(longest[0], len);
                super.write(b, off, len);
            }
        };
        new StageStateSerializer<>(Blob.class).serialize(blob, out);
        // what serialize wrote before it chunked: the body's length, then the body in one piece
        DataOutputSerializer body = new DataOutputSerializer(64);
        blob.writeState(body);
        DataOutputSerializer whole = new DataOutputSerializer(64);
        whole.writeInt(body.length());
        whole.write(body.getCopyOfBuffer());
        assertArrayEquals(whole.getCopyOfBuffer(), out.getCopyOfBuffer());
        assertEquals(StageStateSerializer.WRITE_CHUNK, longest[0], "the longest single write");
        Blob read = new StageStateSerializer<>(Blob.class).deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertArrayEquals(blob.bytes, read.bytes);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static StageState roundTrip(StageState s) {
        try {
            StageStateSerializer serializer = new StageStateSerializer(s.getClass());
            DataOutputSerializer out = new DataOutputSerializer(1024);
            serializer.serialize(s, out);
            return (StageState) serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compares every non-transient field, following the project's own classes, arrays, collections and
     * maps; Avro records, strings and boxed values by equals. Transient fields are what a restore
     * re-attaches or recomputes.
     */
    private static void assertSameFields(Object a, Object b, String path, Set<Object> seen) {
        if (a == null || b == null) {
            if (a != b) {
                fail(path + ": " + a + " restored as " + b);
            }
            return;
        }
        if (a.getClass() != b.getClass()) {
            fail(path + ": " + a.getClass() + " restored as " + b.getClass());
        }
        if (a.getClass().isArray()) {
            assertEquals(Array.getLength(a), Array.getLength(b), path + ".length");
            for (int i = 0; i < Array.getLength(a); i++) {
                assertSameFields(Array.get(a, i), Array.get(b, i), path + "[" + i + "]", seen);
            }
        } else if (a instanceof Map<?, ?> m) {
            Map<?, ?> n = (Map<?, ?>) b;
            assertEquals(m.keySet(), n.keySet(), path + ".keys");
            for (Object k : m.keySet()) {
                assertSameFields(m.get(k), n.get(k), path + "[" + k + "]", seen);
            }
        } else if (a instanceof Collection<?> c) {
            Collection<?> d = (Collection<?>) b;
            assertEquals(c.size(), d.size(), path + ".size");
            Iterator<?> i = c.iterator();
            Iterator<?> j = d.iterator();
            for (int k = 0; i.hasNext(); k++) {
                assertSameFields(i.next(), j.next(), path + "[" + k + "]", seen);
            }
        } else if (a.getClass().getName().startsWith("io.asyncrl.operators.")) {
            if (!seen.add(new IdentityKey(a))) {
                return;
            }
            for (Class<?> t = a.getClass(); t != Object.class; t = t.getSuperclass()) {
                for (Field f : t.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                        continue;
                    }
                    f.setAccessible(true);
                    try {
                        assertSameFields(f.get(a), f.get(b), path + "." + f.getName(), seen);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        } else {
            assertEquals(a, b, path);
        }
    }

    private record IdentityKey(Object o) {
        @Override
        public boolean equals(Object other) {
            return other instanceof IdentityKey k && k.o == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(o);
        }
    }
}
