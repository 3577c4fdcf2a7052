package io.asyncrl.operators.sim.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The running batch's index answers what the scans it replaced answered, exactly. */
class RunningIndexTest {
    private static final int MAX = 1_000;

    /** A running sequence that joined at {@code joinStep} with {@code atJoin} tokens and finishes at {@code response}. */
    private static Sequence seq(long id, int response, int atJoin, long joinStep) {
        Sequence s = new Sequence(id, id, 0, 10, response, 0, 0L);
        s.generatedAtJoin = atJoin;
        s.joinStep = joinStep;
        return s;
    }

    /** The per-sequence sum the instance computed before the index: {@code (long) (0.3 x max(0, max - generated))}. */
    private static long scannedReserve(List<Sequence> running, long step) {
        long sum = 0;
        for (Sequence s : running) {
            sum += (long) (RolloutInstance.KV_RESERVE_RATIO * Math.max(0, MAX - s.generated(step)));
        }
        return sum;
    }

    @Test
    void shouldMatchTheIntegerFormTheReserveReliesOn() {
        for (long x = 0; x <= RunningIndex.EXACT_LIMIT; x += 1 + (x >>> 12)) {
            assertEquals(3 * x / 10, (long) (RolloutInstance.KV_RESERVE_RATIO * x), "x = " + x);
        }
    }

    @Test
    void shouldComputeAHandCheckedReserve() {
        // step 10: the first has generated 0 + 10 - 0 = 10 tokens -> floor(0.3 x 990) = 297; the second 5 + 10 - 4 = 11
        // -> floor(0.3 x 989) = floor(296.7) = 296; the third 100 + 10 - 10 = 100 -> floor(0.3 x 900) = 270
        ArrayList<Sequence> running = new ArrayList<>(List.of(seq(1, 500, 0, 0), seq(2, 700, 5, 4), seq(3, 400, 100, 10)));
        RunningIndex index = new RunningIndex(MAX);
        index.rebuild(running);
        assertTrue(index.reserveExact());
        assertEquals(297 + 296 + 270, index.reserve(running, 10));
        assertEquals(scannedReserve(running, 10), index.reserve(running, 10));
        // the smallest finish step: 0 + 500 - 0, 4 + 700 - 5 = 699, 10 + 400 - 100 = 310
        assertEquals(310, index.minFinishStep());
    }

    @Test
    void shouldAgreeWithTheScansOverRandomBatchesAndKeepTheListOrder() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            ArrayList<Sequence> running = new ArrayList<>();
            RunningIndex index = new RunningIndex(MAX);
            index.rebuild(running);
            long step = random.nextInt(1_000);
            long id = 0;
            for (int event = 0; event < 60; event++) {
                int joins = random.nextInt(4);
                for (int j = 0; j < joins; j++) {
                    int response = 1 + random.nextInt(MAX);
                    Sequence s = seq(id++, response, random.nextInt(response), step);
                    running.add(s);
                    index.added(s);
                }
                long min = Long.MAX_VALUE;
                for (Sequence s : running) {
                    min = Math.min(min, s.finishStep());
                }
                assertEquals(min, index.minFinishStep());
                if (running.isEmpty()) {
                    continue;
                }
                step = min;
                assertEquals(scannedReserve(running, step), index.reserve(running, step), "trial " + trial + " event " + event);
                List<Sequence> expectedRest = new ArrayList<>();
                List<Long> expectedDone = new ArrayList<>();
                for (Sequence s : running) {
                    if (s.finishStep() <= step) {
                        expectedDone.add(s.trajectoryId);
                    } else {
                        expectedRest.add(s);
                    }
                }
                List<Long> done = new ArrayList<>();
                for (Sequence s : index.takeFinished(running, step)) {
                    done.add(s.trajectoryId);
                }
                done.sort(Long::compare);
                assertEquals(expectedDone, done);
                assertEquals(expectedRest, running);
            }
        }
    }

    @Test
    void shouldFallBackToTheScanForAnAnswerLongerThanTheMaximum() {
        ArrayList<Sequence> running = new ArrayList<>(List.of(seq(1, 500, 0, 0), seq(2, MAX + 50, 0, 0)));
        RunningIndex index = new RunningIndex(MAX);
        index.rebuild(running);
        assertFalse(index.reserveExact());
        // step 100: both have generated 100 tokens, floor(0.3 x 900) each
        assertEquals(540, index.reserve(running, 100));
        index.takeFinished(running, 500);
        assertEquals(1, running.size());
        assertFalse(index.reserveExact());
        // step 1,020: 1,020 generated, past the maximum: clamped at 0, as the scan does
        assertEquals(0, index.reserve(running, 1_020));
    }
}
