package io.asyncrl.operators.stage;

import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Sends the DATA records a stage emits in one go as {@link Batches BATCH} records: per output (the
 * stage's topic and the metrics topic), consecutive DATA records of one producer go out as one record
 * when the next non-DATA record (the WATERMARK that closes them, an END, a SPEC) is emitted, when the
 * next record would take the batch over its byte cap, or at {@link #flush}. The owner flushes after
 * each input record, so nothing is held between two inputs (no state, nothing to checkpoint) and a
 * batch always precedes the watermark that closes it, as its records did. A batch of one record goes
 * out as the DATA record itself.
 *
 * <p>The cap bounds the Avro encoding of a batch's items from above ({@link AvroSizeBound}), so one
 * batch never exceeds it: {@link #DEFAULT_MAX_BYTES} keeps a batch well inside the 1 MiB that Kafka's
 * producer and broker accept by default for one record. A single record larger than the cap still goes
 * out alone, as it would have without batching.
 */
public final class BatchingOutput implements StageOutput {
    /**
     * The default cap on a batch's encoded items: a quarter of Kafka's default {@code max.request.size}
     * of the producer (1,048,576 bytes, {@code ProducerConfig}) and {@code message.max.bytes} of the
     * broker (1,048,588 bytes, {@code ServerLogConfigs.MAX_MESSAGE_BYTES_DEFAULT} = 1024 * 1024 +
     * Records.LOG_OVERHEAD), both in https://kafka.apache.org/documentation/#configuration. The envelope
     * around the items, the key and Kafka's record overhead are a few hundred bytes more.
     */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    /** Bound of a batch item's own fields: the time (a long) and the payload's union index (an int). */
    private static final int ITEM_OVERHEAD = 10 + 5;

    private final Pending main;
    private final Pending metrics;
    private final long maxBytes;

    /** Batches what is emitted into {@code out}, at most {@code maxBytes} of encoded items per batch. */
    public BatchingOutput(StageOutput out, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("a batch's byte cap must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.main = new Pending(out::emit);
        this.metrics = new Pending(out::metric);
    }

    @Override
    public void emit(SimEvent event) {
        main.add(event);
    }

    @Override
    public void metric(SimEvent event) {
        metrics.add(event);
    }

    /** Sends what is held, on both outputs. */
    public void flush() {
        main.flush();
        metrics.flush();
    }

    /** The DATA records held for one output, in order. */
    private final class Pending {
        private final Consumer<SimEvent> out;
        private final List<SimEvent> held = new ArrayList<>();
        private long bytes;

        Pending(Consumer<SimEvent> out) {
            this.out = out;
        }

        void add(SimEvent e) {
            if (e.getKind() != EventKind.DATA || e.getSeq() == 0) {
                // An unnumbered record would lose its "never de-duplicated" mark inside a batch.
                flush();
                out.accept(e);
                return;
            }
            long size = ITEM_OVERHEAD + AvroSizeBound.of((SpecificRecord) e.getPayload());
            if (!held.isEmpty() && (bytes + size > maxBytes || !follows(held.get(held.size() - 1), e))) {
                flush();
            }
            held.add(e);
            bytes += size;
        }

        /** {@code next} can join {@code last}'s batch: same experiment and producer, the next number. */
        private boolean follows(SimEvent last, SimEvent next) {
            return next.getSeq() == last.getSeq() + 1 && next.getProducer().equals(last.getProducer())
                    && next.getExperimentId().equals(last.getExperimentId());
        }

        void flush() {
            if (held.size() == 1) {
                out.accept(held.get(0));
            } else if (held.size() > 1) {
                out.accept(Batches.of(held));
            }
            held.clear();
            bytes = 0;
        }
    }
}
